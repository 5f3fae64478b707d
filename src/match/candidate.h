// The matcher's working nouns, shared by matcher.cc (what matched) and finding_builder.cc (the findings).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/finding.h"
#include "drydock/package.h"
#include "match/affected_range.h"
#include "match/matcher.h"
#include "match/version.h"

namespace drydock {

// What one package is looked up and compared as.
struct PackageQuery {
  const Package& package;
  std::string ecosystem;     // the DB ecosystem looked in
  std::string name;          // what was looked up
  std::string_view version;  // what was compared
  const VersionScheme& scheme;
  bool modular = false;      // an rpm of a module stream, looked up as "<module>::<source name>"
};

// The best evidence found for one advisory id against one package.
struct Candidate {
  const Advisory* advisory = nullptr;
  const Affected* affected = nullptr;
  AffectedHit hit;
};

// One finding per vulnerability among `candidates` (keyed by advisory id): candidates in one alias group
// are merged, with the preferred id (a CVE when any, see finding_builder.cc), every other id in aliases, the
// union of the fixes above the installed version, and the rating ResolveSeverity picks.
std::vector<Finding> BuildFindings(const PackageQuery& query, const std::map<std::string, Candidate, std::less<>>& candidates,
                                   const MatchOptions& options);

// The id a merged finding reports: a CVE when any id names one, else a GHSA, else any; among several, the one
// most of the records name, then the lowest (CVE-2023-9999 before CVE-2023-10000).
std::string PreferredId(const std::vector<std::vector<std::string>>& ids_per_record);

}  // namespace drydock
