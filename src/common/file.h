// Small file helpers shared by every stage.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// Reads a whole file of at most `max_bytes`; larger files are an error (hostile-input bound).
Result<std::string> ReadFileBounded(const std::string& path, std::size_t max_bytes);

// Writes `bytes` to `path` atomically: a temp file beside it (created 0600), fsync, rename. The file ends
// with `mode`; a secret (credentials) passes 0600 and is never readable by others, even briefly.
Status WriteFileAtomic(const std::string& path, std::string_view bytes, unsigned mode = 0644);

// Writes all of `data` to `fd`, retrying short writes and EINTR.
Status WriteAll(int fd, const char* data, std::size_t size);

// The 1-based line holding byte `offset` of `text` (parsers report offsets; people want lines).
std::size_t LineAtOffset(std::string_view text, std::size_t offset);

}  // namespace drydock
