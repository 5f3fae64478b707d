#include "verify/registry_artifacts.h"

#include "common/sha256.h"
#include "verify/bundle.h"
#include "verify/json_text.h"

namespace drydock::verify {

using nlohmann::json;

bool IsBundleType(std::string_view artifact_type) {
  return artifact_type == kBundleMediaTypeV03 ||
         artifact_type.starts_with("application/vnd.dev.sigstore.bundle+json");
}

Result<json> ReferrerDescriptors(RegistryClient& client, const std::string& digest) {
  auto index = client.GetReferrers(digest);
  if (!index) return std::unexpected(index.error());
  if (!*index) return json::array();
  json doc = ParseUntrusted(**index, kMaxSignatureManifestBytes);
  if (!doc.is_object() || !doc.contains("manifests") || !doc["manifests"].is_array()) {
    return Fail("not an image index");
  }
  return std::move(doc["manifests"]);
}

Result<std::string> FetchDescribedBlob(RegistryClient& client, const json& descriptor, std::size_t max_bytes) {
  if (!descriptor.is_object() || !descriptor.contains("digest") || !descriptor["digest"].is_string()) {
    return Fail("descriptor without a digest");
  }
  std::string digest = descriptor["digest"].get<std::string>();
  if (!digest.starts_with("sha256:")) return Fail("blob digest {} is not sha256", digest);
  auto bytes = client.GetSmallBlob(digest, max_bytes);
  if (!bytes) return std::unexpected(bytes.error());
  if ("sha256:" + Sha256::HexOf(*bytes) != digest) return Fail("blob {} does not match its digest", digest);
  return bytes;
}

Result<std::string> FetchReferrerLayer(RegistryClient& client, const std::string& manifest_digest,
                                       std::size_t max_bytes) {
  auto manifest = client.GetManifest(manifest_digest);
  if (!manifest) return std::unexpected(manifest.error());
  json doc = ParseUntrusted(manifest->bytes, kMaxSignatureManifestBytes);
  if (!doc.is_object() || !doc.contains("layers") || !doc["layers"].is_array() || doc["layers"].empty()) {
    return Fail("referrer manifest has no layers");
  }
  return FetchDescribedBlob(client, doc["layers"][0], max_bytes);
}

}  // namespace drydock::verify
