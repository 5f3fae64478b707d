// Progress of an image scan's layer reading, reported through ScanOptions::on_progress. Kept to counters and
// a byte-counting reader so the layer walk itself knows nothing of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "drydock/options.h"
#include "scanner/stop_check.h"
#include "source/byte_reader.h"

namespace drydock {

// Thread-safe. Every method is a cheap no-op when the callback is empty.
class ProgressMeter {
 public:
  explicit ProgressMeter(const ProgressCallback& report) : report_(report) {}
  void LayerKnown();  // one more layer of the image is planned
  void LayerDone();   // a layer was read, or taken from the cache
  void BytesRead(std::uint64_t n);
  void Finish();  // the final report, so a progress line can be erased

 private:
  void Report(bool force);  // requires mutex_

  const ProgressCallback& report_;
  std::mutex mutex_;
  ScanProgress progress_;
  std::chrono::steady_clock::time_point last_{};
};

// Passes reads through, counting them into a meter, and fails the next read once `stop` (may be null) says
// the scan must stop: every layer blob is read through one, so a stopped scan ends within one read.
class CountingReader final : public ByteReader {
 public:
  CountingReader(ByteReader& inner, ProgressMeter& meter, const StopCheck* stop = nullptr)
      : inner_(inner), meter_(meter), stop_(stop) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  const HashingReader* SameBytesHashedBy() const override { return inner_.SameBytesHashedBy(); }

 private:
  ByteReader& inner_;
  ProgressMeter& meter_;
  const StopCheck* stop_;
};

}  // namespace drydock
