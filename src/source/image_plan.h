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

// Fills os, architecture, and each layer's diff_id and created_by from the config JSON.
Status ApplyImageConfig(std::string_view config_json, Image& image);

// "sha256:<64 hex>" -> the hex; an error for any other algorithm or form.
Result<std::string> ParseSha256Digest(std::string_view digest);

}  // namespace drydock
