// Filling the base-image index from a registry: manifests and configs only, never a layer blob.
#pragma once

#include <cstddef>
#include <string>

#include "baseimage/base_index.h"
#include "drydock/error.h"
#include "drydock/options.h"

namespace drydock::baseimage {

struct IndexAddResult {
  std::size_t tags = 0;     // tags that matched and were read
  std::size_t entries = 0;  // (tag, platform) images recorded
};

// Lists `repository`'s tags ("host/repo", no tag), keeps those `tags_regex` matches whole (ECMAScript), and
// records each tag's image (every platform of an index) in `index`, with the source for `update`.
Result<IndexAddResult> AddRepository(BaseIndex& index, const std::string& repository, const std::string& tags_regex,
                                     const RegistryOptions& options);

// Re-reads every recorded source: moved tags keep their old digests as history.
Result<IndexAddResult> UpdateIndex(BaseIndex& index, const RegistryOptions& options);

// The entry of one image from its manifest's config JSON: chain ID of all its layers, platform, created.
Result<IndexEntry> EntryFromConfig(std::string_view config_json, const std::string& manifest_digest);

}  // namespace drydock::baseimage
