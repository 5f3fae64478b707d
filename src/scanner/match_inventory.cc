#include "scanner/match_inventory.h"

#include <algorithm>
#include <map>
#include <string>

#include "common/ecosystem.h"
#include "common/today.h"
#include "match/end_of_life.h"
#include "match/language_ecosystem.h"
#include "match/matcher.h"
#include "scanner/db_age.h"
#include "scanner/db_gaps.h"
#include "scanner/findings.h"

namespace drydock {
namespace {

// Why OS packages went unmatched, or "" when they can be matched.
std::string OsCoverageProblem(const ScanReport& report, const VulnDb& db) {
  const Distro& distro = report.artifact.os;
  const bool has_os_packages = std::any_of(report.packages.begin(), report.packages.end(),
                                           [](const Package& p) { return IsOsEcosystem(p.ecosystem); });
  if (distro.empty()) {
    // A project tree (drydock fs) has only language packages: no OS, and nothing missed for want of one.
    if (!has_os_packages) return "";
    return report.artifact.type == "sbom" ? "no distro qualifier on the SBOM's OS packages: they were not matched"
                                          : "operating system not detected: OS packages were not matched";
  }
  std::string ecosystem = DistroEcosystem(distro);
  if (ecosystem.empty()) {
    return fmt::format("no advisory feed is known for {} {}: OS packages were not matched", distro.family,
                       distro.version);
  }
  if (!db.CoversEcosystem(ecosystem)) {
    return fmt::format("the DB has no advisories for {}: OS packages were not checked (add that distro's feed to "
                       "db build)", ecosystem);
  }
  return "";
}

// Packages of an ecosystem no feed covers (conda): listed in the report, but a "0 vulnerabilities" about them
// would be a silent claim, so each such ecosystem gets one note.
void NoteUnmatchedEcosystems(ScanReport& report) {
  std::map<std::string, std::size_t> unmatched;
  for (const Package& p : report.packages) {
    if (!IsOsEcosystem(p.ecosystem) && FindLanguageEcosystem(p.ecosystem) == nullptr) ++unmatched[p.ecosystem];
  }
  for (const auto& [ecosystem, count] : unmatched) {
    report.errors.push_back({"match", "", fmt::format("{} {} package{} listed but not matched: no advisory feed "
                                                      "covers {}", count, ecosystem, count == 1 ? "" : "s",
                                                      ecosystem)});
  }
}

}  // namespace

void MatchInventory(const MatchSettings& settings, ScanReport& report) {
  static const ScanOptions kDefaults;
  const ScanOptions& options = settings.options != nullptr ? *settings.options : kDefaults;
  const std::string today = DateUtc(settings.now);
  Artifact& artifact = report.artifact;
  artifact.os_end_of_life = IsEndOfLife(artifact.os, today) ? EndOfLifeDate(artifact.os) : "";
  report.vulnerabilities.clear();
  if (settings.db == nullptr) {
    if (options.scan_vulns) {
      report.errors.push_back({"match", "", "no vulnerability DB given: packages were not matched"});
    }
    return;
  }
  const VulnDb& db = *settings.db;
  if (auto stale = DbAgeWarning(db.Info(), options.db_max_age_hours, options.offline,
                                std::chrono::system_clock::to_time_t(settings.now))) {
    report.errors.push_back({"db", settings.db_path, std::move(*stale)});
  }
  if (std::string problem = OsCoverageProblem(report, db); !problem.empty()) {
    report.errors.push_back({"match", "", std::move(problem)});
  }
  for (std::string& gap : MissingFeedWarnings(db.Info(), report.packages, DistroEcosystem(artifact.os))) {
    report.errors.push_back({"db", settings.db_path, std::move(gap)});
  }
  report.vulnerabilities = MatchPackages(report.packages, artifact.os, [&](std::string_view ecosystem,
                                                                           std::string_view name) {
    return db.Lookup(ecosystem, name);
  });
  NoteUnmatchedEcosystems(report);
  FilterAndSortFindings(options, report.vulnerabilities);
  if (settings.policy != nullptr) ApplyPolicy(*settings.policy, today, report);
}

}  // namespace drydock
