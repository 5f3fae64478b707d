// Small file helpers shared by every stage.
#pragma once

#include <cstddef>
#include <string>

#include "drydock/error.h"

namespace drydock {

// Reads a whole file of at most `max_bytes`; larger files are an error (hostile-input bound).
Result<std::string> ReadFileBounded(const std::string& path, std::size_t max_bytes);

// Writes `bytes` to `path` atomically: a temp file beside it (created 0600), fsync, rename. The file ends
// with `mode`; a secret (credentials) passes 0600 and is never readable by others, even briefly.
Status WriteFileAtomic(const std::string& path, std::string_view bytes, unsigned mode = 0644);

}  // namespace drydock
