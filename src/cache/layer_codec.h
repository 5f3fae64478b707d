// LayerFiles <-> bytes for the layer cache (CBOR through nlohmann, file bytes as CBOR byte strings).
#pragma once

#include <string>

#include "drydock/error.h"
#include "layers/layer_walk.h"

namespace drydock {

std::string EncodeLayerFiles(const LayerFiles& files);
// Any malformed input is an error, never a crash: a damaged cache entry is a miss.
Result<LayerFiles> DecodeLayerFiles(std::string_view bytes);

}  // namespace drydock
