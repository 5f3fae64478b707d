// What a scan runs with besides its options: the DB generation, compiled secret rules, its share of the
// threads, when to stop, "now", and the policy. A Scanner (scanner.cc) builds one per request from what it
// holds; the one-shot functions of drydock/scan.h build one from the options alone (ScanEnvFromOptions).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "drydock/options.h"
#include "drydock/report.h"
#include "policy/policy.h"
#include "scanner/stop_check.h"
#include "secret/secret.h"
#include "vulndb/vulndb.h"

namespace drydock {

struct ScanEnv {
  std::shared_ptr<const VulnDb> db;  // null = packages only
  std::string db_path;               // for messages
  // Compiled rules shared by every scan of a Scanner; null = compiled by the scan itself (overlapping the
  // layer walk, kept in options.cache_dir when there is one).
  std::shared_ptr<const SecretScanner> secrets;
  std::size_t threads = 1;
  StopCheck stop;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  Policy policy;
};

// The one-shot environment: opens options.db_path (a bad DB fails before any artifact is read), reads the
// ignore and VEX files options name, and takes options.max_threads (0 = hardware concurrency).
Result<ScanEnv> ScanEnvFromOptions(const ScanOptions& options);

// The scans themselves, over a prepared environment. `type` is "rootfs" or "filesystem"; `sbom_text` empty
// means read the file options.target.
Result<ScanReport> ScanImageIn(const ScanOptions& options, const ScanEnv& env);
Result<ScanReport> ScanDirectoryIn(const ScanOptions& options, const ScanEnv& env, std::string_view type);
Result<ScanReport> ScanSbomIn(const ScanOptions& options, std::string_view sbom_text, const ScanEnv& env);

}  // namespace drydock
