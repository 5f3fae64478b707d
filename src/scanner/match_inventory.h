// The one "match an inventory" step: image, rootfs, fs and SBOM scans call it once their packages are known,
// and the server calls it again to re-judge a stored inventory against a newer DB.
#pragma once

#include <chrono>
#include <string>

#include "drydock/options.h"
#include "drydock/report.h"
#include "policy/policy.h"
#include "vulndb/vulndb.h"

namespace drydock {

struct MatchSettings {
  const VulnDb* db = nullptr;  // null: packages only (an error entry says so unless vulnerabilities are off)
  std::string db_path;         // for the DB's warnings
  const ScanOptions* options = nullptr;  // filters: severities, ignore_unfixed, scan_vulns, db_max_age_hours
  const Policy* policy = nullptr;        // ignore entries, VEX, statuses; null = none
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

// Completes `report` (artifact with its OS, and packages, already set): the OS's end of life, the findings of
// report.packages in the DB (filtered and sorted), warnings for what could not be matched (no OS, no feed for
// it, a DB without that feed, an old DB), and the policy's suppressions. Findings already in the report are
// replaced.
void MatchInventory(const MatchSettings& settings, ScanReport& report);

}  // namespace drydock
