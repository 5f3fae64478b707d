#include "admission/index_manifests.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace drydock::admission {
namespace {

using json = nlohmann::json;

bool IsSha256Digest(std::string_view digest) {
  return digest.size() == 71 && digest.starts_with("sha256:") &&
         std::all_of(digest.begin() + 7, digest.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// "linux/arm64/v8", or "" when the entry names no platform; nullopt when it names a platform that is not linux.
std::optional<std::string> LinuxPlatformOf(const json& entry) {
  auto platform = entry.find("platform");
  if (platform == entry.end() || !platform->is_object()) return std::string();
  if (Text(*platform, "os") != "linux") return std::nullopt;
  std::string out = "linux/" + Text(*platform, "architecture");
  if (std::string variant = Text(*platform, "variant"); !variant.empty()) out += "/" + variant;
  return out;
}

// "linux/arm64: reason" per entry of `wanted`, joined.
template <typename Wanted>
ImageVerdict Joined(const std::vector<ManifestVerdict>& entries, Wanted wanted, bool warn_only) {
  std::vector<std::string> rules, reasons;
  for (const ManifestVerdict& entry : entries) {
    if (!wanted(entry)) continue;
    if (std::find(rules.begin(), rules.end(), entry.verdict.rule) == rules.end()) rules.push_back(entry.verdict.rule);
    const std::string platform = entry.platform.empty() ? "entry without a platform" : entry.platform;
    reasons.push_back(fmt::format("{}: {}", platform, entry.verdict.reason));
  }
  return {.allowed = false, .warn_only = warn_only, .rule = fmt::format("{}", fmt::join(rules, ", ")),
          .reason = fmt::format("{}", fmt::join(reasons, " | "))};
}

}  // namespace

Result<std::vector<PlatformManifest>> LinuxManifests(std::string_view index_json) {
  json index = json::parse(index_json, nullptr, false);
  if (index.is_discarded() || !index.is_object()) return Fail("image index: not a JSON object");
  auto manifests = index.find("manifests");
  if (manifests == index.end() || !manifests->is_array()) return Fail("image index: no manifests list");
  std::vector<PlatformManifest> out;
  for (const json& entry : *manifests) {
    if (!entry.is_object()) return Fail("image index: an entry is not an object");
    std::optional<std::string> platform = LinuxPlatformOf(entry);
    if (!platform) continue;
    std::string digest = Text(entry, "digest");
    if (!IsSha256Digest(digest)) return Fail("image index: entry {} has digest \"{}\", not sha256:<64 hex>", *platform, digest);
    if (out.size() == kMaxJudgedManifests) return Fail("image index: more than {} linux entries", kMaxJudgedManifests);
    out.push_back({.platform = std::move(*platform), .digest = std::move(digest)});
  }
  if (out.empty()) return Fail("image index: no linux entry, so no node here can run it");
  return out;
}

CombinedVerdict CombineManifestVerdicts(const std::vector<ManifestVerdict>& entries) {
  if (entries.empty()) {  // nothing judged must never read as nothing wrong
    return {.verdict = {.allowed = false, .warn_only = false, .rule = "image_index", .reason = "no manifest was judged"}};
  }
  if (entries.size() == 1 && entries.front().platform.empty()) {
    return {.verdict = entries.front().verdict, .unknown = entries.front().unknown};
  }
  auto denied = [](const ManifestVerdict& e) { return !e.unknown && !e.verdict.allowed && !e.verdict.warn_only; };
  auto unknown = [](const ManifestVerdict& e) { return e.unknown; };
  auto warned = [](const ManifestVerdict& e) { return !e.unknown && !e.verdict.allowed && e.verdict.warn_only; };
  if (std::any_of(entries.begin(), entries.end(), denied)) return {.verdict = Joined(entries, denied, false)};
  if (std::any_of(entries.begin(), entries.end(), unknown)) {
    // Every unknown entry carries the same unknown_images answer: warned only when the policy says warn.
    const bool warn_only = std::all_of(entries.begin(), entries.end(),
                                       [](const ManifestVerdict& e) { return !e.unknown || e.verdict.warn_only; });
    return {.verdict = Joined(entries, unknown, warn_only), .unknown = true};
  }
  if (std::any_of(entries.begin(), entries.end(), warned)) return {.verdict = Joined(entries, warned, true)};
  return {};
}

}  // namespace drydock::admission
