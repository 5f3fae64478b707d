#include "baseimage/index_registry.h"

#include <nlohmann/json.hpp>
#include <regex>

#include "baseimage/chain_id.h"
#include "common/bounded_json.h"
#include "common/sha256.h"
#include "source/blob_store.h"
#include "source/image_plan.h"
#include "source/registry/registry_client.h"

namespace drydock::baseimage {
namespace {

using Json = nlohmann::json;

Result<Json> ParseJson(std::string_view text, const std::string& what) {
  auto json = ParseBoundedJson(text, what, kMaxMetadataBytes);
  if (!json) return FailWith(ErrorCode::kInvalidInput, "{}", json.error().message);
  if (!json->is_object()) return FailWith(ErrorCode::kInvalidInput, "{}: not a JSON object", what);
  return json;
}

// One image manifest -> its entry (config read and verified).
Result<IndexEntry> ReadImage(RegistryClient& client, const FetchedManifest& manifest, const std::string& what) {
  auto json = ParseJson(manifest.bytes, what + " manifest");
  if (!json) return std::unexpected(json.error());
  const Json* config = json->contains("config") ? &(*json)["config"] : nullptr;
  if (config == nullptr || !config->is_object() || !config->value("digest", Json()).is_string()) {
    return FailWith(ErrorCode::kInvalidInput, "{}: manifest names no config", what);
  }
  const std::string config_digest = (*config)["digest"].get<std::string>();
  auto hex = ParseSha256Digest(config_digest);
  if (!hex) return std::unexpected(hex.error());
  auto bytes = client.GetSmallBlob(config_digest, kMaxMetadataBytes);
  if (!bytes) return std::unexpected(bytes.error());
  if (Sha256::HexOf(*bytes) != *hex) return Fail("{}: config does not hash to {}", what, config_digest);
  auto entry = EntryFromConfig(*bytes, manifest.digest);
  if (!entry) return entry;
  for (const Json& layer : json->value("layers", Json::array())) {
    if (layer.is_object() && layer.value("size", Json()).is_number_unsigned()) {
      entry->size_bytes += layer["size"].get<std::uint64_t>();
    }
  }
  return entry;
}

Result<std::vector<IndexEntry>> ReadTag(RegistryClient& client, const std::string& what, const std::string& tag) {
  auto manifest = client.GetManifest(tag);
  if (!manifest) return std::unexpected(manifest.error());
  std::vector<IndexEntry> entries;
  if (!IsIndexMediaType(manifest->media_type)) {
    auto entry = ReadImage(client, *manifest, what);
    if (!entry) return std::unexpected(entry.error());
    entries.push_back(std::move(*entry));
    return entries;
  }
  auto json = ParseJson(manifest->bytes, what + " index");
  if (!json) return std::unexpected(json.error());
  for (const Json& m : json->value("manifests", Json::array())) {
    if (!m.is_object() || !m.value("digest", Json()).is_string()) continue;
    const Json platform = m.value("platform", Json::object());
    if (platform.is_object() && JsonString(platform, "os") == "unknown") continue;  // attestation manifests
    auto child = client.GetManifest(m["digest"].get<std::string>());
    if (!child) return std::unexpected(child.error());
    auto entry = ReadImage(client, *child, what);
    if (!entry) return std::unexpected(entry.error());
    entries.push_back(std::move(*entry));
  }
  return entries;
}

}  // namespace

Result<IndexEntry> EntryFromConfig(std::string_view config_json, const std::string& manifest_digest) {
  auto json = ParseJson(config_json, "config " + manifest_digest);
  if (!json) return std::unexpected(json.error());
  std::vector<std::string> diff_ids;
  const Json rootfs = json->value("rootfs", Json::object());
  const Json ids = rootfs.is_object() ? rootfs.value("diff_ids", Json::array()) : Json::array();
  for (const Json& id : ids) {
    if (!id.is_string()) return FailWith(ErrorCode::kInvalidInput, "config {}: a diff_id is not a string", manifest_digest);
    diff_ids.push_back(id.get<std::string>());
  }
  if (diff_ids.empty()) return FailWith(ErrorCode::kInvalidInput, "config {}: no rootfs.diff_ids", manifest_digest);
  auto chain = ChainIds(diff_ids);
  if (!chain) return std::unexpected(chain.error());
  auto text = [&](const char* key) {
    const Json value = json->value(key, Json());
    return value.is_string() ? value.get<std::string>() : std::string();
  };
  std::string platform = text("os") + "/" + text("architecture");
  if (!text("variant").empty()) platform += "/" + text("variant");
  return IndexEntry{.chain_id = chain->back(), .digest = manifest_digest, .platform = platform,
                    .created = text("created"), .layers = diff_ids.size()};
}

Result<IndexAddResult> AddRepository(BaseIndex& index, const std::string& repository, const std::string& tags_regex,
                                     const RegistryOptions& options) {
  auto ref = ParseReference(repository);
  if (!ref) return std::unexpected(ref.error());
  if (!ref->digest.empty() || repository.ends_with(":" + ref->tag)) {
    return FailWith(ErrorCode::kInvalidInput, "{}: name a repository without a tag or digest", repository);
  }
  std::regex pattern;
  try {
    pattern = std::regex(tags_regex, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return FailWith(ErrorCode::kInvalidInput, "--tags {}: {}", tags_regex, e.what());
  }
  std::string name = ref->ToString();
  name.resize(name.size() - ref->tag.size() - 1);
  auto client = RegistryClient::Connect(*ref, options);
  if (!client) return std::unexpected(client.error());
  auto listed = (*client)->ListTags();
  if (!listed) return std::unexpected(listed.error());
  IndexAddResult result;
  for (const std::string& t : *listed) {
    if (!std::regex_match(t, pattern)) continue;
    auto entries = ReadTag(**client, name + ":" + t, t);
    if (!entries) return std::unexpected(entries.error());
    if (auto recorded = index.RecordTag(name, t, *entries); !recorded) return std::unexpected(recorded.error());
    ++result.tags;
    result.entries += entries->size();
  }
  if (auto recorded = index.RecordSource({repository, tags_regex}); !recorded) return std::unexpected(recorded.error());
  return result;
}

Result<IndexAddResult> UpdateIndex(BaseIndex& index, const RegistryOptions& options) {
  auto sources = index.Sources();
  if (!sources) return std::unexpected(sources.error());
  IndexAddResult total;
  for (const IndexSource& source : *sources) {
    auto added = AddRepository(index, source.repository, source.tags_regex, options);
    if (!added) return std::unexpected(added.error());
    total.tags += added->tags;
    total.entries += added->entries;
  }
  return total;
}

}  // namespace drydock::baseimage
