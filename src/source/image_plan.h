// Reading an image's manifest and config into a plan: which blobs are its layers and what each must hash to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "source/blob_store.h"

namespace drydock {

struct ExpectedBlob {
  std::string sha256;                 // hex the stored blob must hash to; empty when the format names none
  std::optional<std::uint64_t> size;  // bytes the stored blob must have, when the manifest says
};

struct ImagePlan {
  Image image;
  std::vector<ExpectedBlob> expected;  // parallel to image.layers
};

// OCI image layout (index.json): `tag` picks a manifest by its ref.name annotation; empty = the only one.
Result<ImagePlan> PlanOciLayout(const BlobStore& store, const std::string& tag);
// docker save (manifest.json): `tag` picks an entry by RepoTags; empty = the only one.
Result<ImagePlan> PlanDockerArchive(const BlobStore& store, const std::string& tag);

// An image index entry's platform; the default is what a scan on a typical CI runner expects.
struct Platform {
  std::string os = "linux", architecture = "amd64";
  std::string variant;  // "v8" etc.; empty matches any
  std::string ToString() const;
};
// "os/arch[/variant]"; empty text = linux/amd64.
Result<Platform> ParsePlatform(std::string_view text);
bool IsIndexMediaType(std::string_view media_type);
// The digest of the manifest an image index (JSON) lists for `platform`; an error lists the platforms on offer.
Result<std::string> ChoosePlatformManifest(std::string_view index_json, const Platform& platform);
// An image manifest (OCI or Docker schema 2) -> the plan; the config blob is read from `store` and verified.
// Shared by every source that has a manifest: OCI layouts, docker archives with OCI inside, registries.
Result<ImagePlan> PlanFromManifest(const BlobStore& store, std::string_view manifest_json,
                                   const std::string& manifest_digest);

// Fills os, architecture, and each layer's diff_id and created_by from the config JSON.
Status ApplyImageConfig(std::string_view config_json, Image& image);

// "sha256:<64 hex>" -> the hex; an error for any other algorithm or form.
Result<std::string> ParseSha256Digest(std::string_view digest);

}  // namespace drydock
