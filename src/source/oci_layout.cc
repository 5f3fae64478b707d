// OCI image layout (image-spec image-layout.md): index.json -> [image index ->] manifest -> config + layers.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/bounded_json.h"
#include "common/json_integer.h"
#include "common/sha256.h"
#include "source/attestation_manifest.h"
#include "source/image_plan.h"

namespace drydock {
namespace {

using nlohmann::json;

constexpr int kMaxIndexDepth = 4;
constexpr std::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";

// Reads the blob a descriptor names and checks its digest and size.
Result<std::string> ReadVerifiedBlob(const BlobStore& store, const json& descriptor) {
  std::string digest = descriptor.value("digest", "");
  auto hex = ParseSha256Digest(digest);
  if (!hex) return std::unexpected(hex.error());
  auto bytes = store.ReadMetadata("blobs/sha256/" + *hex);
  if (!bytes) return Rewrap(bytes.error(), "blob {}", digest);
  if (Sha256::HexOf(*bytes) != *hex) return Fail("blob {}: content does not match its digest", digest);
  if (descriptor.contains("size") && JsonInteger<std::uint64_t>(descriptor["size"]) != bytes->size()) {
    return Fail("blob {}: {} bytes but the descriptor says {}", digest, bytes->size(), descriptor["size"].dump());
  }
  return bytes;
}

std::string DescribeChoices(const json& manifests) {
  std::string out;
  for (const auto& m : manifests) {
    std::string label = m.value("annotations", json::object()).value(std::string(kRefNameAnnotation), "");
    if (auto platform = m.find("platform"); platform != m.end()) {
      std::string variant = platform->value("variant", "");
      label += fmt::format("{}{}/{}{}", label.empty() ? "" : " ", platform->value("os", "?"),
                           platform->value("architecture", "?"), variant.empty() ? "" : "/" + variant);
    }
    out += fmt::format("{}{}", out.empty() ? "" : ", ", label.empty() ? m.value("digest", "?") : label);
  }
  return out;
}

// Exact os and architecture; the variant too when one is asked for.
Result<json> ChooseByPlatform(const json& manifests, const Platform& want) {
  if (!manifests.is_array()) return Fail("index lists no manifests");
  for (const auto& m : manifests) {
    auto platform = m.value("platform", json::object());
    if (platform.value("os", "") == want.os && platform.value("architecture", "") == want.architecture &&
        (want.variant.empty() || platform.value("variant", "") == want.variant)) {
      return m;
    }
  }
  return Fail("no manifest for platform {} (available: {})", want.ToString(), DescribeChoices(manifests));
}

// Picks the manifest descriptor: by tag at the top level, by platform inside nested indexes.
Result<json> ChooseManifest(const json& manifests, const std::string& tag, bool top_level) {
  if (!manifests.is_array() || manifests.empty()) return Fail("index lists no manifests");
  if (top_level && !tag.empty()) {
    for (const auto& m : manifests) {
      if (m.value("annotations", json::object()).value(std::string(kRefNameAnnotation), "") == tag) return m;
    }
    return Fail("no manifest tagged \"{}\" (available: {})", tag, DescribeChoices(manifests));
  }
  if (manifests.size() == 1) return manifests[0];
  auto chosen = ChooseByPlatform(manifests, Platform{});
  if (!chosen) return Rewrap(chosen.error(), "{} manifests and no tag named", manifests.size());
  return chosen;
}

// BuildKit's provenance for the chosen manifest, from the index that listed it (see attestation_manifest.h).
void AttachAttestations(const BlobStore& store, const json& index, const std::string& manifest_digest, Image& image) {
  auto attestation = AttestationManifestFor(index.dump(), manifest_digest);
  if (!attestation) return;
  auto fetch = [&](const std::string& digest, std::size_t) -> Result<std::string> {
    return ReadVerifiedBlob(store, json{{"digest", digest}});
  };
  auto manifest = fetch(*attestation, kMaxMetadataBytes);
  if (!manifest) {
    image.attestation_error = fmt::format("attestation manifest {}: {}", *attestation, manifest.error().message);
    return;
  }
  auto statements = ReadProvenanceStatements(*manifest, fetch);
  if (statements) image.attestations = std::move(*statements);
  else image.attestation_error = statements.error().message;
}

}  // namespace

Result<ImagePlan> PlanOciLayout(const BlobStore& store, const std::string& tag) {
  try {
    auto index_bytes = store.ReadMetadata("index.json");
    if (!index_bytes) return Rewrap(index_bytes.error(), "OCI layout");
    auto parsed_index = ParseBoundedJson(*index_bytes, "index.json", kMaxMetadataBytes);
    if (!parsed_index) return Rewrap(parsed_index.error(), "OCI layout");
    json index = std::move(*parsed_index);
    json descriptor;
    std::string manifest_bytes;
    for (int depth = 0;; ++depth) {
      if (depth == kMaxIndexDepth) return Fail("image indexes nested more than {} deep", kMaxIndexDepth);
      auto chosen = ChooseManifest(index.value("manifests", json::array()), tag, depth == 0);
      if (!chosen) return std::unexpected(chosen.error());
      descriptor = *chosen;
      auto bytes = ReadVerifiedBlob(store, descriptor);
      if (!bytes) return std::unexpected(bytes.error());
      auto parsed_blob = ParseBoundedJson(*bytes, descriptor.value("digest", "blob"), kMaxMetadataBytes);
      if (!parsed_blob) return std::unexpected(parsed_blob.error());
      json parsed = std::move(*parsed_blob);
      if (!IsIndexMediaType(descriptor.value("mediaType", parsed.value("mediaType", "")))) {
        manifest_bytes = std::move(*bytes);
        break;
      }
      index = std::move(parsed);
    }
    auto plan = PlanFromManifest(store, manifest_bytes, descriptor.value("digest", ""));
    if (plan) AttachAttestations(store, index, descriptor.value("digest", ""), plan->image);
    return plan;
  } catch (const json::exception& e) {
    return Fail("OCI layout: {}", e.what());
  }
}

bool IsIndexMediaType(std::string_view type) {
  return type == "application/vnd.oci.image.index.v1+json" ||
         type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

std::string Platform::ToString() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }

Result<Platform> ParsePlatform(std::string_view text) {
  Platform out;
  if (text.empty()) return out;
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t slash = std::min(text.find('/', start), text.size());
    parts.emplace_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3 || std::find(parts.begin(), parts.end(), "") != parts.end()) {
    return Fail("platform \"{}\": expected os/arch[/variant], e.g. linux/arm64/v8", text);
  }
  out.os = parts[0];
  out.architecture = parts[1];
  if (parts.size() == 3) out.variant = parts[2];
  return out;
}

Result<std::string> ChoosePlatformManifest(std::string_view index_json, const Platform& platform) {
  try {
    auto index = ParseBoundedJson(index_json, "image index", kMaxMetadataBytes);
    if (!index) return std::unexpected(index.error());
    auto chosen = ChooseByPlatform(index->value("manifests", json::array()), platform);
    if (!chosen) return std::unexpected(chosen.error());
    return chosen->value("digest", "");
  } catch (const json::exception& e) {
    return Fail("image index: {}", e.what());
  }
}

Result<ImagePlan> PlanFromManifest(const BlobStore& store, std::string_view manifest_json,
                                   const std::string& manifest_digest) {
  try {
    auto parsed = ParseBoundedJson(manifest_json, "manifest", kMaxMetadataBytes);
    if (!parsed) return std::unexpected(parsed.error());
    json manifest = std::move(*parsed);
    if (JsonInteger<int>(manifest.value("schemaVersion", json())) != 2) {
      return Fail("manifest schemaVersion {} is not supported (only 2)", manifest.value("schemaVersion", json(0)).dump());
    }
    ImagePlan plan;
    plan.image.manifest_digest = manifest_digest;
    if (auto found = manifest.find("annotations"); found != manifest.end() && found->is_object()) {
      for (const auto& [key, value] : found->items()) {
        if (value.is_string()) plan.image.annotations[key] = value.get<std::string>();
      }
    }
    const json& config = manifest.at("config");
    plan.image.config_digest = config.value("digest", "");
    auto config_bytes = ReadVerifiedBlob(store, config);
    if (!config_bytes) return Rewrap(config_bytes.error(), "config");
    for (const auto& layer : manifest.at("layers")) {
      std::string digest = layer.value("digest", "");
      auto hex = ParseSha256Digest(digest);
      if (!hex) return Rewrap(hex.error(), "layer");
      plan.image.layers.push_back(ImageLayer{.digest = digest,
                                             .media_type = layer.value("mediaType", ""),
                                             .blob_path = "blobs/sha256/" + *hex});
      ExpectedBlob expected;  // not a designated initializer: see docker_archive.cc
      expected.sha256 = *hex;
      const std::optional<std::uint64_t> size = JsonInteger<std::uint64_t>(layer.value("size", json(0)));
      if (!size) return Fail("layer {}: size {} is not a byte count", digest, layer.value("size", json()).dump());
      expected.size = *size;
      plan.expected.push_back(std::move(expected));
    }
    if (auto applied = ApplyImageConfig(*config_bytes, plan.image); !applied) return std::unexpected(applied.error());
    return plan;
  } catch (const json::exception& e) {
    return Fail("image manifest: {}", e.what());
  }
}

}  // namespace drydock
