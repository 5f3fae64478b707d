// Which rating a finding gets, when its records, their alias group, NVD and the CVE record disagree.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/error.h"

namespace drydock {

// One matched record of a finding (several when advisories of one vulnerability were merged), primary first.
struct MatchedRecord {
  const Advisory* advisory = nullptr;
  const Affected* affected = nullptr;  // the entry that matched
  bool os_vendor = false;              // the package's own distro feed: its ratings are the vendor's
};

struct ResolvedSeverity {
  std::string severity = "UNKNOWN";
  std::string source;  // the rating's source ("debian-tracker", "ghsa", "nvd", ...); empty when UNKNOWN
  std::string cvss;    // the deciding rating's vector, else the first vector any source gives
};

// The default precedence ("auto"): the vendor's own rating for OS packages, then the matched records' own
// (a record's per-entry rating before its record-wide one), then the other records sharing an alias (GHSA
// before other OSV databases), then NVD, then the CVE record's CNA, then CISA ADP, and last another distro's
// vendor rating. `order` (from --severity-source) replaces it: each token takes the first rating it names;
// "auto" inserts the default precedence; no rating from any token leaves the finding UNKNOWN.
ResolvedSeverity ResolveSeverity(std::span<const MatchedRecord> records, std::span<const std::string> order);

// --severity-source: comma-separated tokens, each one of auto, vendor, ghsa, osv, nvd, cna, cisa-adp, or a
// vendor's name (debian, ubuntu, redhat, alpine, almalinux, rocky, suse, photon, wolfi, chainguard, ...).
// Errors name the unknown token and list the valid ones.
Result<std::vector<std::string>> ParseSeveritySources(std::string_view list);

// The vendor a rating source belongs to ("debian-tracker", "osv:Debian" -> "debian"); empty for
// non-vendor sources (ghsa, osv:Go, nvd, ...).
std::string_view VendorOfSource(std::string_view source);

}  // namespace drydock
