// db publish: DB.zst -> empty config blob + layer blob + manifest, pushed with the registry client.
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "common/file.h"
#include "common/sha256.h"
#include "source/registry/reference.h"
#include "source/registry/registry_client.h"
#include "source/registry/registry_image.h"
#include "update/artifact.h"
#include "update/oci_artifact.h"
#include "update/signature.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

constexpr std::string_view kEmptyConfig = "{}";

std::int64_t Mtime(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtim.tv_sec) : -1;
}

// The .zst beside the DB and its digest, remade when missing or older than the DB.
Result<DbArtifact> CurrentArtifact(const std::string& db_path) {
  const std::string zst = db_path + ".zst", digest = zst + ".sha256";
  if (Mtime(zst) >= Mtime(db_path) && Mtime(digest) >= Mtime(zst)) {
    auto text = ReadFileBounded(digest, kMaxDigestFileBytes);
    auto hex = text ? ParseDigestFile(*text) : Result<std::string>(std::unexpected(text.error()));
    struct stat st {};
    if (hex && ::stat(zst.c_str(), &st) == 0) {
      return DbArtifact{zst, digest, *hex, static_cast<std::uint64_t>(st.st_size)};
    }
  }
  return WriteDbArtifact(db_path);
}

}  // namespace

Result<PublishResult> PublishDb(const PublishOptions& options) {
  auto db = VulnDb::Open(options.db_path);  // publish only what a scanner could open
  if (!db) return std::unexpected(db.error());
  const DbInfo info = (*db)->Info();
  auto ref = ParseReference(options.reference);
  if (!ref) return Rewrap(ref.error(), "{}", options.reference);
  if (!ref->digest.empty()) return Fail("{}: publish to a tag, not a digest", options.reference);
  auto artifact = CurrentArtifact(options.db_path);
  if (!artifact) return std::unexpected(artifact.error());

  nlohmann::json annotations = {{"org.opencontainers.image.created", info.built_at},
                                {"dev.drydock.db.schema", std::to_string(info.schema_version)}};
  PublishResult result{.layer_digest = "sha256:" + artifact->sha256, .layer_bytes = artifact->compressed_bytes};
  if (!options.private_key_pem.empty()) {
    auto signature = SignMessage(options.private_key_pem, DigestLine(artifact->sha256, std::string(kArtifactName)));
    if (!signature) return Rewrap(signature.error(), "signing {}", artifact->compressed_path);
    annotations[std::string(kSignatureAnnotation)] = Base64Encode(*signature);
    result.signed_by_key = true;
  }
  const std::string config_digest = "sha256:" + Sha256::HexOf(kEmptyConfig);
  nlohmann::json manifest = {
      {"schemaVersion", 2},
      {"mediaType", kOciManifestMediaType},
      {"artifactType", kDbArtifactType},
      {"config", {{"mediaType", kOciEmptyMediaType}, {"digest", config_digest}, {"size", kEmptyConfig.size()}}},
      {"layers", nlohmann::json::array({{{"mediaType", kDbLayerMediaType},
                                         {"digest", result.layer_digest},
                                         {"size", artifact->compressed_bytes},
                                         {"annotations", {{"org.opencontainers.image.title", kArtifactName}}}}})},
      {"annotations", annotations}};

  auto with_credentials = WithStoredCredentials(options.registry, ref->registry);
  if (!with_credentials) return std::unexpected(with_credentials.error());
  auto client = RegistryClient::Connect(*ref, *with_credentials);
  if (!client) return Rewrap(client.error(), "{}", ref->ToString());
  if (auto pushed = (*client)->PushBlob(config_digest, "", kEmptyConfig); !pushed) {
    return Rewrap(pushed.error(), "{}", ref->ToString());
  }
  if (auto pushed = (*client)->PushBlob(result.layer_digest, artifact->compressed_path); !pushed) {
    return Rewrap(pushed.error(), "{}", ref->ToString());
  }
  auto digest = (*client)->PutManifest(ref->tag, std::string(kOciManifestMediaType), manifest.dump());
  if (!digest) return Rewrap(digest.error(), "{}", ref->ToString());
  result.manifest_digest = *digest;
  return result;
}

}  // namespace drydock
