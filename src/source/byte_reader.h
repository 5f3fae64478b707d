// Pull-style byte streams: the one currency between image sources and the layer walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/sha256.h"
#include "drydock/error.h"

namespace drydock {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Reads up to `capacity` bytes into `buffer`. Returns 0 only at end of stream.
  virtual Result<std::size_t> Read(char* buffer, std::size_t capacity) = 0;
};

// Reads from an in-memory buffer the reader does not own; `bytes` must outlive it.
class MemoryReader final : public ByteReader {
 public:
  explicit MemoryReader(std::string_view bytes) : bytes_(bytes) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;

 private:
  std::string_view bytes_;
};

// Hashes and counts everything read through it, so a blob is verified while it streams.
class HashingReader final : public ByteReader {
 public:
  explicit HashingReader(ByteReader& inner) : inner_(inner) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  // Reads and hashes whatever the consumer left unread (trailing tar padding, say).
  Status Drain();
  std::string FinishHex() { return hash_.FinishHex(); }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  ByteReader& inner_;
  Sha256 hash_;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace drydock
