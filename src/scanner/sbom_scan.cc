// drydock sbom: the packages an SBOM lists, matched and filtered exactly as an image's would be.
#include <algorithm>
#include <map>
#include <tuple>

#include "common/file.h"
#include "drydock/scan.h"
#include "match/end_of_life.h"
#include "match/matcher.h"
#include "policy/policy.h"
#include "scanner/findings.h"
#include "source/sbom/sbom.h"
#include "vulndb/vulndb.h"

namespace drydock {

Result<ScanReport> ScanSbom(const ScanOptions& options) {
  std::unique_ptr<VulnDb> db;
  if (!options.db_path.empty()) {
    auto opened = VulnDb::Open(options.db_path);
    if (!opened) return Rewrap(opened.error(), "vulnerability DB {}", options.db_path);
    db = std::move(*opened);
  }
  auto policy = LoadPolicy(options);
  if (!policy) return std::unexpected(policy.error());
  auto text = ReadFileBounded(options.target, kMaxSbomBytes);
  if (!text) return Rewrap(text.error(), "SBOM {}", options.target);
  auto sbom = ReadSbom(*text, options.target);
  if (!sbom) return std::unexpected(sbom.error());

  ScanReport report;
  report.artifact = {.name = sbom->name.empty() ? options.target : sbom->name, .type = "sbom", .os = sbom->distro};
  if (IsEndOfLife(report.artifact.os, TodayUtc())) report.artifact.os_end_of_life = EndOfLifeDate(report.artifact.os);
  for (const std::string& why : sbom->skipped) report.errors.push_back({"sbom", options.target, why});
  std::map<std::string, Package> by_id;  // an SBOM may list a package twice (nested components)
  for (Package& p : sbom->packages) by_id.emplace(p.id, std::move(p));
  for (auto& [id, p] : by_id) report.packages.push_back(std::move(p));
  std::sort(report.packages.begin(), report.packages.end(), [](const Package& a, const Package& b) {
    return std::tie(a.ecosystem, a.name, a.version, a.arch) < std::tie(b.ecosystem, b.name, b.version, b.arch);
  });
  if (db == nullptr) {
    report.errors.push_back({"match", "", "no vulnerability DB given: packages were not matched"});
    return report;
  }
  const Distro& distro = report.artifact.os;
  bool has_os_packages = std::any_of(report.packages.begin(), report.packages.end(), [](const Package& p) {
    return p.ecosystem == "deb" || p.ecosystem == "apk" || p.ecosystem == "rpm";
  });
  if (has_os_packages && distro.empty()) {
    report.errors.push_back({"match", "", "no distro qualifier on the SBOM's OS packages: they were not matched"});
  } else if (std::string ecosystem = DistroEcosystem(distro); has_os_packages && !db->CoversEcosystem(ecosystem)) {
    report.errors.push_back({"match", "", fmt::format("the DB has no advisories for {}: OS packages were not "
                                                      "checked", ecosystem.empty() ? distro.family : ecosystem)});
  }
  report.vulnerabilities = MatchPackages(report.packages, distro, [&](std::string_view ecosystem, std::string_view name) {
    return db->Lookup(ecosystem, name);
  }, MatchOptions{options.severity_sources});
  FilterAndSortFindings(options, report.vulnerabilities);
  ApplyPolicy(*policy, TodayUtc(), report);
  return report;
}

}  // namespace drydock
