// Registry -> plan: manifest (or index -> manifest for the platform) -> PlanFromManifest, which every source
// with a manifest shares; then a BlobStore whose blobs are GETs.
#include "source/registry/registry_image.h"

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "source/attestation_manifest.h"
#include "source/registry/credentials.h"
#include "source/registry/registry_client.h"

namespace drydock {
namespace {

constexpr std::string_view kBlobPrefix = "blobs/sha256/";

class RegistryStore final : public BlobStore {
 public:
  explicit RegistryStore(std::unique_ptr<RegistryClient> client) : client_(std::move(client)) {}

  bool Has(std::string_view) const override { return false; }

  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto digest = DigestOf(path);
    if (!digest) return std::unexpected(digest.error());
    return client_->GetSmallBlob(*digest, kMaxMetadataBytes);
  }

  Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const override {
    auto digest = DigestOf(layer.blob_path);
    if (!digest) return std::unexpected(digest.error());
    auto stream = client_->OpenBlob(*digest);
    if (!stream) return std::unexpected(stream.error());
    return VisitStream(**stream, layer, visit);
  }

  std::optional<std::uint64_t> BlobSize(std::string_view) const override { return std::nullopt; }
  bool Seekable() const override { return true; }  // every blob is its own request

 private:
  static Result<std::string> DigestOf(std::string_view path) {
    if (!path.starts_with(kBlobPrefix)) return Fail("{}: not a blob path", path);
    return "sha256:" + std::string(path.substr(kBlobPrefix.size()));
  }

  std::unique_ptr<RegistryClient> client_;
};

// Content-Type decides; a registry that sends a generic one still has the JSON's mediaType.
bool IsIndex(const FetchedManifest& manifest) {
  if (IsIndexMediaType(manifest.media_type)) return true;
  auto parsed = ParseBoundedJson(manifest.bytes, "manifest", kMaxMetadataBytes);
  if (!parsed) return false;
  const nlohmann::json& json = *parsed;
  return json.is_object() && (IsIndexMediaType(JsonString(json, "mediaType")) ||
                              (!json.contains("layers") && json.contains("manifests")));
}

// The provenance statements BuildKit attached to `manifest_digest` in the index; none when it attached none.
Result<std::vector<std::string>> ReadAttestations(RegistryClient& client, std::string_view index_bytes,
                                                  const std::string& manifest_digest) {
  auto attestation = AttestationManifestFor(index_bytes, manifest_digest);
  if (!attestation) return std::vector<std::string>();
  auto manifest = client.GetManifest(*attestation);
  if (!manifest) return Rewrap(manifest.error(), "attestation manifest {}", *attestation);
  return ReadProvenanceStatements(manifest->bytes, [&](const std::string& digest, std::size_t max_bytes) {
    return client.GetSmallBlob(digest, max_bytes);
  });
}

// The image from one registry: `ref` as the user wrote it, or the same repository at a mirror.
Result<RegistryImage> OpenFrom(const Reference& ref, const RegistryOptions& options, const Platform& wanted) {
  const Platform* platform = &wanted;
  auto client = RegistryClient::Connect(ref, options);
  if (!client) return std::unexpected(client.error());
  auto manifest = (*client)->GetManifest(ref.ManifestId());
  if (!manifest) return Rewrap(manifest.error(), "{}", ref.ToString());
  std::vector<std::string> attestations;
  std::string attestation_error;
  if (IsIndex(*manifest)) {
    const std::string index_bytes = std::move(manifest->bytes);
    auto digest = ChoosePlatformManifest(index_bytes, *platform);
    if (!digest) return Rewrap(digest.error(), "{}: image index {}", ref.ToString(), manifest->digest);
    manifest = (*client)->GetManifest(*digest);
    if (!manifest) return Rewrap(manifest.error(), "{}", ref.ToString());
    if (IsIndex(*manifest)) return Fail("{}: {} is an index inside an index", ref.ToString(), manifest->digest);
    auto read = ReadAttestations(**client, index_bytes, manifest->digest);
    if (read) attestations = std::move(*read);
    else attestation_error = read.error().message;
  }
  RegistryImage image{.store = std::make_unique<RegistryStore>(std::move(*client))};
  auto plan = PlanFromManifest(*image.store, manifest->bytes, manifest->digest);
  if (!plan) return Rewrap(plan.error(), "{}", ref.ToString());
  plan->image.attestations = std::move(attestations);
  plan->image.attestation_error = std::move(attestation_error);
  // A single-platform image cannot be what an explicit --platform asked for if its config says otherwise.
  if (!options.platform.empty() && (plan->image.os != platform->os || plan->image.architecture != platform->architecture)) {
    return Fail("{}: the image is {}/{}, not {}", ref.ToString(), plan->image.os, plan->image.architecture,
                platform->ToString());
  }
  image.plan = std::move(*plan);
  return image;
}

}  // namespace

// Options with credentials for `registry`: the flags' when given, else those of the docker config.json the
// options name (or its helper), else none.
Result<RegistryOptions> WithStoredCredentials(const RegistryOptions& options, const std::string& registry) {
  if (!options.username.empty()) return options;
  auto stored = LoadCredentials(options.docker_config, registry);
  if (!stored) return Rewrap(stored.error(), "credentials for {}", registry);
  RegistryOptions with = options;
  if (*stored) {
    with.username = (*stored)->username;
    with.password = (*stored)->password;
  }
  return with;
}

Result<ResolvedReference> ResolveReference(const Reference& ref, const RegistryOptions& options) {
  auto with = WithStoredCredentials(options, ref.registry);
  if (!with) return std::unexpected(with.error());
  auto client = RegistryClient::Connect(ref, *with);
  if (!client) return std::unexpected(client.error());
  auto manifest = (*client)->GetManifest(ref.ManifestId());
  if (!manifest) return std::unexpected(manifest.error());
  return ResolvedReference{.client = std::move(*client), .manifest = std::move(*manifest)};
}

// "http://mirror:5000/" -> "mirror:5000": a mirror serves the same repository paths as the origin.
std::string MirrorHost(std::string_view mirror) {
  if (auto scheme = mirror.find("://"); scheme != std::string_view::npos) mirror.remove_prefix(scheme + 3);
  return std::string(mirror.substr(0, mirror.find('/')));
}

Result<RegistryImage> OpenRegistryImage(const Reference& ref, const RegistryOptions& options) {
  auto platform = ParsePlatform(options.platform);
  if (!platform) return std::unexpected(platform.error());
  // Mirrors first, in order, then the origin: a mirror that is down or lacks the image costs only time.
  std::string mirror_failures;
  for (const std::string& mirror : options.mirrors) {
    Reference at_mirror = ref;
    at_mirror.registry = MirrorHost(mirror);
    at_mirror.local = ParseReference(at_mirror.registry + "/x").value_or(Reference{}).local;
    auto mirror_options = WithStoredCredentials(options, at_mirror.registry);
    auto image = mirror_options ? OpenFrom(at_mirror, *mirror_options, *platform)
                                : Result<RegistryImage>(std::unexpected(mirror_options.error()));
    if (image) return image;
    mirror_failures += fmt::format("; mirror {}: {}", at_mirror.registry, image.error().message);
  }
  auto origin_options = WithStoredCredentials(options, ref.registry);
  if (!origin_options) return std::unexpected(origin_options.error());
  auto image = OpenFrom(ref, *origin_options, *platform);
  if (!image && !mirror_failures.empty()) return Rewrap(image.error(), "{}; origin", mirror_failures.substr(2));
  return image;
}

}  // namespace drydock
