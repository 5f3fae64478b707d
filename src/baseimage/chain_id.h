// OCI chain IDs: the identity of a stack of layers, independent of how the blobs were compressed.
// ChainID_0 = DiffID_0; ChainID_n = sha256(ChainID_{n-1} + " " + DiffID_n) (image-spec config.md).
#pragma once

#include <string>
#include <vector>

#include "drydock/error.h"

namespace drydock::baseimage {

// One chain ID per layer, "sha256:<hex>"; an error for a diff_id that is not a sha256 digest.
Result<std::vector<std::string>> ChainIds(const std::vector<std::string>& diff_ids);

}  // namespace drydock::baseimage
