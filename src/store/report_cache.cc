#include "store/report_cache.h"

namespace drydock {

std::optional<ReportCache::Entry> ReportCache::Get(const std::string& digest) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(digest);
  if (it == slots_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.read_at > kMaxReportCacheAge) {
    bytes_ -= it->second.entry.report->size();
    slots_.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

void ReportCache::Put(const std::string& digest, Entry entry) {
  if (entry.report == nullptr || entry.report->size() > kMaxReportCacheBytes / 4) return;
  std::lock_guard lock(mutex_);
  if (auto it = slots_.find(digest); it != slots_.end()) {
    bytes_ -= it->second.entry.report->size();
    slots_.erase(it);
  }
  if (bytes_ + entry.report->size() > kMaxReportCacheBytes) {
    slots_.clear();
    bytes_ = 0;
  }
  bytes_ += entry.report->size();
  slots_.emplace(digest, Slot{std::move(entry), std::chrono::steady_clock::now()});
}

void ReportCache::Erase(const std::string& digest) {
  std::lock_guard lock(mutex_);
  if (auto it = slots_.find(digest); it != slots_.end()) {
    bytes_ -= it->second.entry.report->size();
    slots_.erase(it);
  }
}

}  // namespace drydock
