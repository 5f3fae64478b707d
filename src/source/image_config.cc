// The parts of an image config (OCI image-spec config.md) a scan reports: platform, diff_ids, history, and
// how the image runs (user, env names, ports, entrypoint, cmd).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "source/image_plan.h"

namespace drydock {
namespace {

// The config blob's size is already bounded; this bounds what one list adds to a report.
constexpr std::size_t kMaxConfigListEntries = 1024;

// A list of strings; entries of other types are skipped rather than failing the scan over a cosmetic field.
std::vector<std::string> StringList(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (item.is_string() && out.size() < kMaxConfigListEntries) out.push_back(item.get<std::string>());
  }
  return out;
}

ImageConfigFacts ReadConfigFacts(const nlohmann::json& config) {
  ImageConfigFacts facts;
  auto run = config.find("config");
  if (run == config.end() || !run->is_object()) return facts;
  if (auto user = run->find("User"); user != run->end() && user->is_string()) facts.user = user->get<std::string>();
  // "NAME=value": only the name leaves this function; values are often secrets.
  for (const std::string& entry : StringList(*run, "Env")) facts.env_names.push_back(entry.substr(0, entry.find('=')));
  if (auto ports = run->find("ExposedPorts"); ports != run->end() && ports->is_object()) {
    for (const auto& [port, unused] : ports->items()) {
      if (facts.exposed_ports.size() < kMaxConfigListEntries) facts.exposed_ports.push_back(port);
    }
    std::sort(facts.exposed_ports.begin(), facts.exposed_ports.end());
  }
  facts.entrypoint = StringList(*run, "Entrypoint");
  facts.cmd = StringList(*run, "Cmd");
  if (auto labels = run->find("Labels"); labels != run->end() && labels->is_object()) {
    for (const auto& [name, value] : labels->items()) {
      if (value.is_string() && facts.labels.size() < kMaxConfigListEntries) facts.labels[name] = value.get<std::string>();
    }
  }
  return facts;
}

}  // namespace

Result<std::string> ParseSha256Digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!digest.starts_with(kPrefix)) return Fail("unsupported digest \"{}\" (only sha256 is accepted)", digest);
  std::string_view hex = digest.substr(kPrefix.size());
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return Fail("malformed digest \"{}\"", digest);
  }
  return std::string(hex);
}

Status ApplyImageConfig(std::string_view config_json, Image& image) {
  try {
    auto parsed = ParseBoundedJson(config_json, "image config", kMaxMetadataBytes);
    if (!parsed) return std::unexpected(parsed.error());
    const nlohmann::json& config = *parsed;
    if (!config.is_object()) return Fail("image config is not a JSON object");
    image.os = config.value("os", "");
    image.architecture = config.value("architecture", "");
    image.config = ReadConfigFacts(config);
    if (auto created = config.find("created"); created != config.end() && created->is_string()) {
      image.config.created = created->get<std::string>();
    }
    if (auto run = config.find("config"); run != config.end() && run->is_object()) image.env = StringList(*run, "Env");
    const auto& diff_ids = config.at("rootfs").at("diff_ids");
    if (!diff_ids.is_array() || diff_ids.size() != image.layers.size()) {
      return Fail("image config lists {} diff_ids for {} layers", diff_ids.is_array() ? diff_ids.size() : 0,
                  image.layers.size());
    }
    for (std::size_t i = 0; i < diff_ids.size(); ++i) {
      std::string diff_id = diff_ids[i].get<std::string>();
      if (auto hex = ParseSha256Digest(diff_id); !hex) return Rewrap(hex.error(), "rootfs.diff_ids[{}]", i);
      image.layers[i].diff_id = diff_id;
    }
    // History entries marked empty_layer made no layer; the rest map to layers in order.
    std::size_t layer = 0;
    if (auto history = config.find("history"); history != config.end() && history->is_array()) {
      for (const auto& step : *history) {
        if (!step.is_object()) continue;
        if (auto by = step.find("created_by"); by != step.end() && by->is_string() &&
            image.history.size() < kMaxConfigListEntries) {
          image.history.push_back(by->get<std::string>());
        }
        if (step.value("empty_layer", false)) continue;
        if (layer < image.layers.size()) image.layers[layer].created_by = step.value("created_by", "");
        ++layer;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Fail("image config: {}", e.what());
  }
  return {};
}

}  // namespace drydock
