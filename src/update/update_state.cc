#include "update/update_state.h"

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/file.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxStateBytes = 64 << 10;

}  // namespace

UpdateState LoadUpdateState(const std::string& path) {
  auto text = ReadFileBounded(path, kMaxStateBytes);
  if (!text) return {};
  auto parsed = ParseBoundedJson(*text, path, kMaxStateBytes);
  if (!parsed || !parsed->is_object()) return {};
  const nlohmann::json& json = *parsed;
  auto get = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return UpdateState{.source = get("source"),
                     .installed_sha256 = get("installed_sha256"),
                     .digest_etag = get("digest_etag"),
                     .digest_last_modified = get("digest_last_modified"),
                     .part_sha256 = get("part_sha256"),
                     .part_etag = get("part_etag")};
}

Status SaveUpdateState(const std::string& path, const UpdateState& state) {
  nlohmann::json json = {{"source", state.source},
                         {"installed_sha256", state.installed_sha256},
                         {"digest_etag", state.digest_etag},
                         {"digest_last_modified", state.digest_last_modified},
                         {"part_sha256", state.part_sha256},
                         {"part_etag", state.part_etag}};
  return WriteFileAtomic(path, json.dump(2) + "\n");
}

}  // namespace drydock
