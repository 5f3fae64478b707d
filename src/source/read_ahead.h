// Reading a stream ahead on a thread of its own, so that whatever its Read() does (inflating, hashing the
// compressed bytes, receiving them) runs on another core while the caller walks what came before.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "source/byte_reader.h"

namespace drydock {

// Fills a small ring of chunks, allocated once and reused, from `inner` on its own thread. Read() hands them
// out in order; an error from `inner` comes after the bytes read before it, and end of stream after the last.
// `inner` must outlive this reader and must not be read by anyone else while it exists; the destructor stops
// the thread (after the inner Read in progress, if any) and joins it.
class ReadAheadReader final : public ByteReader {
 public:
  static constexpr std::size_t kChunkBytes = 256 << 10;
  static constexpr std::size_t kChunks = 4;

  explicit ReadAheadReader(ByteReader& inner);
  ~ReadAheadReader() override;
  ReadAheadReader(const ReadAheadReader&) = delete;
  ReadAheadReader& operator=(const ReadAheadReader&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;

 private:
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
  };

  void Produce(std::stop_token stop);

  ByteReader& inner_;
  std::vector<Chunk> chunks_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::size_t head_ = 0;    // the chunk the caller reads next
  std::size_t offset_ = 0;  // how much of it the caller has read
  std::size_t filled_ = 0;  // chunks ready for the caller, from head_ on
  bool ended_ = false;      // the producer is done: end of stream or error_
  std::optional<Error> error_;
  std::jthread thread_;  // last: started once everything it touches exists, stopped first
};

}  // namespace drydock
