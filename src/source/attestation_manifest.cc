#include "source/attestation_manifest.h"

#include "common/bounded_json.h"
#include "common/sha256.h"
#include "source/blob_store.h"
#include "source/image_plan.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

std::string Annotation(const Json& descriptor, const char* key) {
  const Json annotations = descriptor.value("annotations", Json::object());
  if (!annotations.is_object()) return "";
  const Json value = annotations.value(key, Json());
  return value.is_string() ? value.get<std::string>() : "";
}

}  // namespace

std::optional<std::string> AttestationManifestFor(std::string_view index_json, const std::string& manifest_digest) {
  auto index = ParseBoundedJson(index_json, "image index", kMaxMetadataBytes);
  if (!index || !index->is_object()) return std::nullopt;
  const Json manifests = index->value("manifests", Json::array());
  if (!manifests.is_array()) return std::nullopt;
  for (const Json& m : manifests) {
    if (!m.is_object() || !m.value("digest", Json()).is_string()) continue;
    if (Annotation(m, "vnd.docker.reference.type") == "attestation-manifest" &&
        Annotation(m, "vnd.docker.reference.digest") == manifest_digest) {
      return m["digest"].get<std::string>();
    }
  }
  return std::nullopt;
}

Result<std::vector<std::string>> ReadProvenanceStatements(std::string_view attestation_manifest_json,
                                                          const FetchBlob& fetch) {
  auto manifest = ParseBoundedJson(attestation_manifest_json, "attestation manifest", kMaxMetadataBytes);
  if (!manifest) return std::unexpected(manifest.error());
  if (!manifest->is_object() || !manifest->value("layers", Json()).is_array()) {
    return Fail("attestation manifest lists no layers");
  }
  std::vector<std::string> statements;
  for (const Json& layer : (*manifest)["layers"]) {
    if (!layer.is_object() || !layer.value("digest", Json()).is_string()) {
      return Fail("attestation manifest: a layer has no digest");
    }
    if (!Annotation(layer, "in-toto.io/predicate-type").starts_with("https://slsa.dev/provenance/")) continue;
    if (statements.size() == kMaxAttestationStatements) {
      return Fail("attestation manifest: more than {} provenance statements", kMaxAttestationStatements);
    }
    const std::string digest = layer["digest"].get<std::string>();
    auto hex = ParseSha256Digest(digest);
    if (!hex) return Rewrap(hex.error(), "attestation layer");
    auto bytes = fetch(digest, kMaxStatementBytes);
    if (!bytes) return Rewrap(bytes.error(), "attestation layer {}", digest);
    if (Sha256::HexOf(*bytes) != *hex) return Fail("attestation layer {}: content does not match its digest", digest);
    statements.push_back(std::move(*bytes));
  }
  return statements;
}

}  // namespace drydock
