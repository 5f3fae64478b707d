// A long-lived scanner a service holds: it owns the open vulnerability DB, the layer cache settings, the
// compiled secret rules and a thread budget, and runs any number of scans at once. The CLI's one-shot
// functions (drydock/scan.h) remain for a process that scans once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/options.h"
#include "drydock/report.h"

namespace drydock {

enum class ScanKind { kImage, kRootfs, kFilesystem, kSbom };

// A document held as data, with the name its messages use ("FILE:LINE: ...").
struct NamedText {
  std::string name;
  std::string text;
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ScanRequest {
  ScanKind kind = ScanKind::kImage;
  // What to scan and how to filter: target, severities, ignore_unfixed, ignore_statuses, scanners, registry
  // (credentials, platform, CA, mirrors). The Scanner's own settings win over options.db_path, cache_dir,
  // cache_max_bytes and no_cache; options.max_threads caps this scan's share of the thread budget.
  ScanOptions options;
  // Policy as data; when given, options.ignore_file / vex_files are not read.
  std::optional<NamedText> ignore;  // .drydockignore text, or YAML when its name ends in .yaml/.yml
  std::vector<NamedText> vex;       // OpenVEX or CycloneDX VEX documents
  // kSbom: the document itself; empty = read the file options.target.
  std::string sbom_text;
  // Stops the scan: it returns a kCancelled error within about a second, its threads joined and its memory
  // freed. A scan running past `timeout` (0 = none) returns kDeadlineExceeded the same way.
  std::stop_token stop;
  std::chrono::milliseconds timeout{0};
  // "Now" for ignore-entry expiry, end-of-life dates and the DB's age; empty = the system clock.
  Clock clock;
};

struct ScannerConfig {
  std::string db_path;  // compiled DB; "" = packages only
  // Layer cache (and compiled secret rules) directory; "" = no cache. The library never picks one itself.
  std::string cache_dir;
  std::uint64_t cache_max_bytes = 0;  // 0 = the default (2 GiB)
  std::size_t threads = 0;            // threads shared by all concurrent scans; 0 = hardware concurrency
  // The most one scan may hold (its fair share when several run at once: a server sets threads / workers);
  // 0 = the whole budget. A request's options.max_threads can only lower it.
  std::size_t threads_per_scan = 0;
};

// What a Scanner's DB generation is, for health and metrics.
struct DbGeneration {
  std::string path;
  std::uint64_t generation = 0;  // 1 for the DB opened at Create, +1 on each ReloadDb
  std::string built_at;          // RFC 3339, from the DB header; "" without a DB
};

class Scanner {
 public:
  // Opens the DB (a bad DB fails here, not in the first scan) and compiles the secret rules.
  static Result<std::unique_ptr<Scanner>> Create(const ScannerConfig& config);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Thread-safe; any number of calls may run at once, sharing the thread budget (a call waits for a thread
  // to be free). Errors carry codes: kInvalidInput (bad reference, malformed SBOM), kNotFound, kUnauthorized,
  // kUnavailable (registry down), kCancelled, kDeadlineExceeded.
  Result<ScanReport> Scan(const ScanRequest& request) const;

  // Opens the DB at `path` ("" = the current path again, e.g. after `db update` replaced the file) as a new
  // generation: scans that start afterwards use it; scans already running finish on the one they started
  // with, which is closed when the last of them ends. On error the current DB stays.
  Status ReloadDb(const std::string& path = "");
  DbGeneration Db() const;

  std::size_t threads() const;          // the budget
  std::size_t peak_threads() const;     // the most threads leased to scans at once so far

 private:
  struct State;
  explicit Scanner(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace drydock
