#include "feeds/feed_state.h"

#include <nlohmann/json.hpp>

#include "common/file.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxStateBytes = 64 << 20;  // one entry per Red Hat document changed since the archive

}  // namespace

FeedState LoadFeedState(const std::string& path) {
  FeedState state;
  auto text = ReadFileBounded(path, kMaxStateBytes);
  if (!text) return state;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("parts") || !json["parts"].is_object()) return state;
  for (const auto& [id, part] : json["parts"].items()) {
    if (!part.is_object()) continue;
    auto str = [&](const char* key) { return part.contains(key) && part[key].is_string() ? part[key].get<std::string>() : ""; };
    state.parts[id] = PartState{.url = str("url"), .validators = {str("etag"), str("last_modified")},
                                .stamp = str("stamp"),
                                .bytes = part.contains("bytes") && part["bytes"].is_number_unsigned()
                                             ? part["bytes"].get<std::uint64_t>() : 0};
  }
  return state;
}

Status SaveFeedState(const std::string& path, const FeedState& state) {
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& [id, part] : state.parts) {
    parts[id] = {{"url", part.url}, {"etag", part.validators.etag}, {"last_modified", part.validators.last_modified},
                 {"stamp", part.stamp}, {"bytes", part.bytes}};
  }
  nlohmann::json root = {{"parts", parts}};
  return WriteFileAtomic(path, root.dump(1) + "\n");
}

}  // namespace drydock
