// Watches the server's vulnerability DB file and turns each new DB it sees into a generation: recorded in the
// store, and the stored images whose packages touch a changed (ecosystem, package) re-matched, their findings
// diff written as outbox events. The first generation a store sees is a silent baseline; a generation seen
// before (a restart, a file rewritten with the same bytes) is a replay and changes nothing.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/policy.h"
#include "monitor/rematch.h"
#include "store/store.h"
#include "vulndb/vulndb.h"

namespace drydock {

struct DbMonitorConfig {
  std::string db_path;
  PolicyRules policy;        // the server's --policy; null = none
  std::size_t threads = 1;   // re-match threads
  // Called once a new DB generation is open, before its re-match starts (the server reloads its Scanner).
  std::function<void(const std::string& digest)> on_new_generation;
  std::function<void(std::string_view line)> log;  // may be empty
};

enum class GenerationKind {
  kUnchanged,  // the file is the generation already current
  kBaseline,   // the first generation this store has seen: recorded, nothing re-matched, no events
  kReplay,     // a generation the store had processed before: nothing re-matched, no events
  kNew,        // re-matched: the images holding changed keys (or every image, with no previous DB to diff)
};

struct GenerationOutcome {
  GenerationKind kind = GenerationKind::kUnchanged;
  std::string digest;
  std::string built_at;
  std::size_t changed_keys = 0;  // kNew with a previous DB: how many (ecosystem, package) keys differ
  bool full = false;             // kNew: every image was re-matched (no previous DB in memory to diff)
  RematchStats stats;
  std::chrono::milliseconds took{0};
};

class DbMonitor {
 public:
  DbMonitor(Store& store, DbMonitorConfig config);
  ~DbMonitor();
  DbMonitor(const DbMonitor&) = delete;
  DbMonitor& operator=(const DbMonitor&) = delete;

  // Looks at the DB file (cheaply: unchanged size, mtime and inode mean unchanged) and handles a new one.
  // Not thread-safe: one thread calls it (the server's monitor loop, or a test). Errors: the file cannot be
  // opened or verified (the current generation stays), or the store fails.
  Result<GenerationOutcome> Check(std::stop_token stop = {});

  std::string current_digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace drydock
