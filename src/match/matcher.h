// Matching: packages x advisories -> findings, each with the reason it matched.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/finding.h"
#include "drydock/package.h"
#include "drydock/package_table.h"

namespace drydock {

// Every advisory with an Affected entry for exactly (ecosystem key, package name); each returned Advisory
// keeps only those entries. VulnDb::Lookup fits; tests pass an in-memory fake.
using AdvisoryLookup = std::function<std::vector<Advisory>(std::string_view ecosystem, std::string_view package)>;

// The DB ecosystem key an OS package is judged by: alpine 3.10.3 -> "Alpine:v3.10", debian 12 -> "Debian:12",
// wolfi -> "Wolfi". Empty when the distro has no feed.
std::string DistroEcosystem(const Distro& distro);

struct MatchOptions {
  // --severity-source tokens (match/severity.h), already validated; empty = the default precedence.
  std::vector<std::string> severity_sources;
};

// OS packages match only their distro's ecosystem, by source name when they have one; an rpm of a module
// stream only by "<module>:<stream>::<source name>" (common/package_name.h). Language packages
// match their OSV ecosystem by normalised name (match/language_ecosystem.h), whatever the distro.
// Advisories that are one vulnerability (one alias group in the DB, or sharing an id or alias) make one
// finding per package (match/finding_builder.cc), rated by match/severity.h.
std::vector<Finding> MatchPackages(const PackageTable& packages, const Distro& distro,
                                   const AdvisoryLookup& lookup, const MatchOptions& options = {});

}  // namespace drydock
