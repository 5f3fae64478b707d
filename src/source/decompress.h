// Streaming decompression chosen by magic bytes: gzip (ISA-L igzip, multi-member), zstd (multi-frame), or none.
#pragma once

#include <memory>

#include "source/byte_reader.h"

namespace drydock {

enum class Compression { kNone, kGzip, kZstd };

// Wraps `raw` (which must outlive the result). The first Read() looks at the magic bytes.
// Corrupt or truncated input is an Error from Read(), never a silent short stream.
std::unique_ptr<ByteReader> OpenDecompressed(ByteReader& raw);

// The compression a stream starting with `head` uses.
Compression DetectCompression(std::string_view head);

}  // namespace drydock
