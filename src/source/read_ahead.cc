#include "source/read_ahead.h"

#include <algorithm>
#include <cstring>

namespace drydock {

ReadAheadReader::ReadAheadReader(ByteReader& inner) : inner_(inner), chunks_(kChunks) {
  // new char[] leaves the bytes unset: nothing is zeroed only to be overwritten.
  for (Chunk& chunk : chunks_) chunk.bytes.reset(new char[kChunkBytes]);
  thread_ = std::jthread([this](std::stop_token stop) { Produce(std::move(stop)); });
}

ReadAheadReader::~ReadAheadReader() {
  thread_.request_stop();  // wakes the producer if it waits for a free chunk (condition_variable_any)
  if (thread_.joinable()) thread_.join();
}

void ReadAheadReader::Produce(std::stop_token stop) {
  for (std::size_t tail = 0;; tail = (tail + 1) % kChunks) {
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait(lock, stop, [this] { return filled_ < kChunks; })) return;
    }
    // The chunk at `tail` is the producer's until it is counted in filled_: filled outside the lock.
    Chunk& chunk = chunks_[tail];
    chunk.size = 0;
    std::optional<Error> failed;
    bool at_end = false;
    // Whole chunks, so the caller is woken once per chunk and not once per short read.
    while (chunk.size < kChunkBytes && !stop.stop_requested()) {
      auto n = inner_.Read(chunk.bytes.get() + chunk.size, kChunkBytes - chunk.size);
      if (!n) {
        failed = n.error();
        break;
      }
      if (*n == 0) {
        at_end = true;
        break;
      }
      chunk.size += *n;
    }
    std::lock_guard lock(mutex_);
    if (chunk.size > 0) ++filled_;
    if (failed || at_end) {
      error_ = std::move(failed);
      ended_ = true;
    }
    changed_.notify_all();
    if (ended_ || stop.stop_requested()) return;
  }
}

Result<std::size_t> ReadAheadReader::Read(char* buffer, std::size_t capacity) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return filled_ > 0 || ended_; });
  if (filled_ == 0) {
    if (error_) return std::unexpected(*error_);
    return 0;
  }
  Chunk& chunk = chunks_[head_];
  lock.unlock();  // the head chunk is the caller's until it is handed back below
  const std::size_t n = std::min(capacity, chunk.size - offset_);
  std::memcpy(buffer, chunk.bytes.get() + offset_, n);
  offset_ += n;
  if (offset_ == chunk.size) {
    offset_ = 0;
    head_ = (head_ + 1) % kChunks;
    lock.lock();
    --filled_;
    changed_.notify_all();
  }
  return n;
}

}  // namespace drydock
