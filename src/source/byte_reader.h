// Pull-style byte streams: the one currency between image sources and the layer walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/sha256.h"
#include "drydock/error.h"

namespace drydock {

class HashingReader;

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Reads up to `capacity` bytes into `buffer`. Returns 0 only at end of stream.
  virtual Result<std::size_t> Read(char* buffer, std::size_t capacity) = 0;
  // A HashingReader below this one that, once this reader has returned end of stream, has hashed exactly the
  // bytes this reader returned (this reader passes them through unchanged); nullptr when there is none. A caller
  // wanting the digest of this stream then takes that reader's instead of hashing every byte a second time:
  // an uncompressed layer's diff_id is its blob digest.
  virtual const HashingReader* SameBytesHashedBy() const { return nullptr; }
  // Readers that already hold their bytes in memory lend them instead of copying: Lend() returns the next bytes,
  // up to `most` (empty only at end of stream), valid until the next call on this reader.
  virtual bool Lends() const { return false; }
  virtual Result<std::string_view> Lend(std::size_t most);
};

// Reads from an in-memory buffer the reader does not own; `bytes` must outlive it.
class MemoryReader final : public ByteReader {
 public:
  explicit MemoryReader(std::string_view bytes) : bytes_(bytes) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  bool Lends() const override { return true; }
  Result<std::string_view> Lend(std::size_t most) override;

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
  std::string CurrentHex() const { return hash_.CurrentHex(); }  // so far; hashing may go on
  const HashingReader* SameBytesHashedBy() const override { return this; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  ByteReader& inner_;
  Sha256 hash_;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace drydock
