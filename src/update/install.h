// The last step of db update: a verified .zst -> a DB file in place, never half-written.
#pragma once

#include <cstdint>
#include <string>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::uint64_t kMaxDbBytes = 4ULL << 30;  // decompressed; bounds a zstd bomb

// Decompresses `compressed_path` into a temp file beside `target` (0644), fsyncs it, opens it with the DB
// verifier, and renames it over `target`, then fsyncs the directory. On any failure `target` is untouched and
// the temp file removed. A kill at any moment leaves either the old or the new DB at `target`, never a mix.
Status InstallCompressedDb(const std::string& compressed_path, const std::string& target);

}  // namespace drydock
