// Stored reports kept in memory beside the version they were read at, for GET /images/{digest} on PostgreSQL:
// there, fetching a 150 KB report (detoasted, decompressed, sent) cost three times the rest of the request.
// Every read still asks the store for the row's current version, and takes the report only when it changed,
// so a report replaced or deleted by any process is never served stale. Thread-safe; bounded in bytes (past
// the bound the cache starts over) and in age (an entry is re-read after kMaxReportCacheAge, so a version
// number reused after a long time cannot match).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace drydock {

inline constexpr std::size_t kMaxReportCacheBytes = 64 << 20;
inline constexpr std::chrono::seconds kMaxReportCacheAge{60};

class ReportCache {
 public:
  struct Entry {
    std::string version;
    std::shared_ptr<const std::string> report;
  };
  // The cached version of `digest`'s report, if any (and young enough).
  std::optional<Entry> Get(const std::string& digest);
  void Put(const std::string& digest, Entry entry);
  void Erase(const std::string& digest);

 private:
  struct Slot {
    Entry entry;
    std::chrono::steady_clock::time_point read_at;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;  // guarded by mutex_
  std::size_t bytes_ = 0;                        // guarded by mutex_
};

}  // namespace drydock
