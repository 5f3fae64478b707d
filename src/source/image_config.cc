// The parts of an image config (OCI image-spec config.md) a scan reports: platform, diff_ids, history.
#include <nlohmann/json.hpp>

#include "source/image_plan.h"

namespace drydock {

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
    auto config = nlohmann::json::parse(config_json);
    if (!config.is_object()) return Fail("image config is not a JSON object");
    image.os = config.value("os", "");
    image.architecture = config.value("architecture", "");
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
        if (!step.is_object() || step.value("empty_layer", false)) continue;
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
