// The compiled DB as an OCI artifact (image-spec 1.1 artifact guidance): one zstd layer of its own media
// type, an empty config, artifactType in the manifest. `db publish` pushes it; `db update --repository` pulls
// it with the registry client (credentials, mirrors, retries), checks the layer's digest (and, with a public
// key, the signature in the manifest's annotation) and installs it atomically, as a mirror update does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "drydock/options.h"
#include "update/update.h"

namespace drydock {

inline constexpr std::string_view kDbArtifactType = "application/vnd.drydock.db.v1";
inline constexpr std::string_view kDbLayerMediaType = "application/vnd.drydock.db.layer.v1+zstd";
inline constexpr std::string_view kOciManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciEmptyMediaType = "application/vnd.oci.empty.v1+json";
// Base64 of the signature over DigestLine(layer hex, "drydock.db.zst"): the same message a mirror's
// drydock.db.zst.sha256.sig signs, so one key and one `openssl pkeyutl` serve both channels.
inline constexpr std::string_view kSignatureAnnotation = "dev.drydock.db.signature";
inline constexpr std::size_t kMaxArtifactManifestBytes = 64 << 10;

struct PublishOptions {
  std::string db_path;           // the DB file; its .zst is (re)made when missing or older than the DB
  std::string reference;         // "registry/repo:tag"
  RegistryOptions registry;
  std::string private_key_pem;   // when set, the manifest carries a signature
};

struct PublishResult {
  std::string manifest_digest;
  std::string layer_digest;      // "sha256:..."
  std::uint64_t layer_bytes = 0;
  bool signed_by_key = false;
};

Result<PublishResult> PublishDb(const PublishOptions& options);

struct PullOptions {
  std::string target;            // the DB file to replace
  std::string reference;         // "registry/repo:tag" or "...@sha256:..."
  RegistryOptions registry;      // credentials, mirrors, CA, insecure
  std::string public_key_pem;    // when set, the manifest's signature must verify under it
};

// UpdateResult.mirror names the registry that answered. When the manifest's layer is the installed DB's
// digest, nothing else is downloaded.
Result<UpdateResult> PullDb(const PullOptions& options);

}  // namespace drydock
