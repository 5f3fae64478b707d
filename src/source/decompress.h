// Streaming decompression chosen by magic bytes: gzip (ISA-L igzip, multi-member), zstd (multi-frame), or none.
#pragma once

#include <memory>

#include "source/byte_reader.h"
#include "source/walk_threads.h"

namespace drydock {

enum class Compression { kNone, kGzip, kZstd };

// Wraps `raw` (which must outlive the result). The first Read() looks at the magic bytes.
// Corrupt or truncated input is an Error from Read(), never a silent short stream.
// With `helpers`, a compressed stream is inflated (and `raw` read) on a thread of its own a few chunks ahead of
// the caller (ReadAheadReader) from the first Read() at which `helpers` has a slot free: at once, or when another
// of the walk's threads ends. `raw` must then be safe to read from that thread, and is not read once the result
// is destroyed. A plain stream is passed through on the caller's thread; without `helpers`, so is every stream.
std::unique_ptr<ByteReader> OpenDecompressed(ByteReader& raw, WalkThreads* helpers = nullptr);

// The compression a stream starting with `head` uses.
Compression DetectCompression(std::string_view head);

}  // namespace drydock
