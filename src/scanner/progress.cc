#include "scanner/progress.h"

namespace drydock {
namespace {

// Often enough to look alive, rarely enough that a fast scan on a slow terminal is not slowed by it.
constexpr std::chrono::milliseconds kReportInterval{200};

}  // namespace

void ProgressMeter::LayerKnown() {
  if (!report_) return;
  std::lock_guard lock(mutex_);
  ++progress_.layers_total;
}

void ProgressMeter::LayerDone() {
  if (!report_) return;
  std::lock_guard lock(mutex_);
  ++progress_.layers_done;
  Report(true);
}

void ProgressMeter::BytesRead(std::uint64_t n) {
  if (!report_) return;
  std::lock_guard lock(mutex_);
  progress_.bytes_read += n;
  Report(false);
}

void ProgressMeter::Finish() {
  if (!report_) return;
  std::lock_guard lock(mutex_);
  progress_.finished = true;
  report_(progress_);
}

void ProgressMeter::Report(bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < kReportInterval) return;
  last_ = now;
  report_(progress_);
}

Result<std::size_t> CountingReader::Read(char* buffer, std::size_t capacity) {
  if (stop_ != nullptr) {
    if (Status go = stop_->Check(); !go) return std::unexpected(go.error());
  }
  auto n = inner_.Read(buffer, capacity);
  if (n && *n > 0) meter_.BytesRead(*n);
  return n;
}

}  // namespace drydock
