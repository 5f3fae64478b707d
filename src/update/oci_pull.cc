// db update --repository: manifest -> checks (artifact type, size, signature) -> layer streamed into a
// .part while hashed -> digest compared -> InstallCompressedDb. Mirrors first, then the origin.
#include <fcntl.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

#include "common/bounded_json.h"
#include "common/file.h"
#include "common/sha256.h"
#include "source/blob_store.h"
#include "source/registry/reference.h"
#include "source/registry/registry_client.h"
#include "source/registry/registry_image.h"
#include "update/artifact.h"
#include "update/install.h"
#include "update/oci_artifact.h"
#include "update/signature.h"
#include "update/update_state.h"

namespace drydock {
namespace {

struct Layer {
  std::string hex;  // of "sha256:<hex>"
  std::uint64_t size = 0;
  std::string signature;  // base64, may be empty
};

// The one drydock DB layer of an artifact manifest; anything else is an error naming what was found.
Result<Layer> DbLayer(const std::string& bytes) {
  auto parsed = ParseBoundedJson(bytes, "DB artifact manifest", kMaxMetadataBytes);
  if (!parsed) return std::unexpected(parsed.error());
  nlohmann::json& json = *parsed;
  if (!json.is_object() || !json.contains("layers") || !json["layers"].is_array()) {
    return Fail("not an OCI image manifest");
  }
  const std::string type = JsonString(json, "artifactType");
  const nlohmann::json* found = nullptr;
  for (const auto& layer : json["layers"]) {
    if (layer.is_object() && JsonString(layer, "mediaType") == kDbLayerMediaType) found = &layer;
  }
  if (found == nullptr) {
    return Fail("not a drydock DB artifact (artifactType \"{}\", no {} layer)", type, kDbLayerMediaType);
  }
  const std::string digest = JsonString(*found, "digest");
  if (!digest.starts_with("sha256:") || digest.size() != 71 || !ParseDigestFile(digest.substr(7))) {
    return Fail("the DB layer's digest \"{}\" is not sha256:<64 hex>", digest);
  }
  Layer layer{.hex = digest.substr(7)};
  if (!(*found)["size"].is_number_unsigned()) return Fail("the DB layer has no size");
  layer.size = (*found)["size"].get<std::uint64_t>();
  if (layer.size > kMaxCompressedDbBytes) return Fail("the DB layer is {} bytes, over {}", layer.size, kMaxCompressedDbBytes);
  if (json.contains("annotations") && json["annotations"].is_object()) {
    layer.signature = JsonString(json["annotations"], std::string(kSignatureAnnotation).c_str());
  }
  return layer;
}

// Streams the blob into `part`, hashing as it goes; refuses a body longer than the manifest said.
Result<std::string> DownloadLayer(RegistryClient& client, const Layer& layer, const std::string& part) {
  auto blob = client.OpenBlob("sha256:" + layer.hex);
  if (!blob) return std::unexpected(blob.error());
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail("{}: {}", part, std::strerror(errno));
  Sha256 sha;
  std::uint64_t total = 0;
  char chunk[1 << 16];
  Status status;
  for (;;) {
    auto n = (*blob)->Read(chunk, sizeof chunk);
    if (!n) {
      status = std::unexpected(n.error());
      break;
    }
    if (*n == 0) break;
    if ((total += *n) > layer.size) {
      status = Fail("the blob is longer than the manifest's {} bytes", layer.size);
      break;
    }
    sha.Update(chunk, *n);
    if (status = WriteAll(fd, chunk, *n); !status) break;
  }
  if (status && ::fsync(fd) != 0) status = Fail("{}: {}", part, std::strerror(errno));
  ::close(fd);
  if (!status) return std::unexpected(status.error());
  return sha.FinishHex();
}

Result<UpdateResult> PullFrom(const Reference& ref, const PullOptions& options, UpdateState& state,
                              const std::string& state_path) {
  auto client = RegistryClient::Connect(ref, options.registry);
  if (!client) return std::unexpected(client.error());
  auto manifest = (*client)->GetManifest(ref.ManifestId());  // a pinned digest is checked here
  if (!manifest) return std::unexpected(manifest.error());
  if (manifest->bytes.size() > kMaxArtifactManifestBytes) return Fail("manifest over {} bytes", kMaxArtifactManifestBytes);
  auto layer = DbLayer(manifest->bytes);
  if (!layer) return Rewrap(layer.error(), "manifest {}", manifest->digest);
  const std::string source = "oci://" + ref.ToString();
  if (!options.public_key_pem.empty()) {
    if (layer->signature.empty()) return Fail("manifest {}: no {} annotation (a signature is required)",
                                              manifest->digest, kSignatureAnnotation);
    auto signature = Base64Decode(layer->signature);
    if (!signature) return Fail("manifest {}: the signature annotation is not base64", manifest->digest);
    if (auto ok = VerifySignature(options.public_key_pem, DigestLine(layer->hex, std::string(kArtifactName)), *signature);
        !ok) {
      return Rewrap(ok.error(), "manifest {}", manifest->digest);
    }
  }
  if (::access(options.target.c_str(), F_OK) == 0 && state.installed_sha256 == layer->hex) {
    return UpdateResult{.updated = false, .mirror = source, .sha256 = layer->hex};
  }
  const std::string part = options.target + ".zst.part";
  auto got = DownloadLayer(**client, *layer, part);
  if (!got || *got != layer->hex) {
    ::unlink(part.c_str());
    if (!got) return Rewrap(got.error(), "blob sha256:{}", layer->hex);
    return Fail("blob sha256:{}: the downloaded bytes hash to sha256:{}; refused", layer->hex, *got);
  }
  auto installed = InstallCompressedDb(part, options.target);
  ::unlink(part.c_str());
  if (!installed) return Rewrap(installed.error(), "{}", source);
  state = UpdateState{.source = source, .installed_sha256 = layer->hex};
  (void)SaveUpdateState(state_path, state);
  return UpdateResult{.updated = true, .mirror = source, .sha256 = layer->hex};
}

}  // namespace

Result<UpdateResult> PullDb(const PullOptions& options) {
  auto ref = ParseReference(options.reference);
  if (!ref) return Rewrap(ref.error(), "{}", options.reference);
  const std::string state_path = options.target + ".update.json";
  UpdateState state = LoadUpdateState(state_path);
  std::vector<std::string> skipped;
  std::vector<Reference> places;
  for (const std::string& mirror : options.registry.mirrors) {
    Reference at = *ref;
    at.registry = MirrorHost(mirror);
    at.local = ParseReference(at.registry + "/x").value_or(Reference{}).local;
    places.push_back(at);
  }
  places.push_back(*ref);
  for (const Reference& place : places) {
    auto with_credentials = WithStoredCredentials(options.registry, place.registry);
    auto result = with_credentials ? PullFrom(place, PullOptions{options.target, options.reference, *with_credentials,
                                                                 options.public_key_pem}, state, state_path)
                                   : Result<UpdateResult>(std::unexpected(with_credentials.error()));
    if (result) {
      result->skipped = std::move(skipped);
      return result;
    }
    skipped.push_back(fmt::format("{}: {}", place.ToString(), result.error().message));
  }
  std::string why;
  for (const std::string& s : skipped) why += (why.empty() ? "" : "; ") + s;
  return Fail("could not update {} from {}: {}", options.target, options.reference, why);
}

}  // namespace drydock
