// MatchPackages: packages x the DB's advisories -> findings with their evidence. OS packages are judged by
// their distro's feed; language packages (npm, PyPI, ...) by their OSV ecosystem (language_ecosystem.cc),
// looked up by their normalised name, with that ecosystem's version scheme.
//
// Version compared for deb packages: the source version when the package records one, else the binary
// version. Debian (and Ubuntu) advisories are filed against source packages and state source versions: a
// binNMU "1.2-3+b1" is a rebuild of source 1.2-3 and carries exactly its code, and some binaries carry
// versions unrelated to their source's (gcc-defaults builds cpp 4:12.2.0-3 from source 1.203), which only
// the source version can be judged by. apk packages share their origin's version, so they use `version`.
//
// rpm packages of a module stream (Package::module, from MODULARITYLABEL) are looked up as
// "<module>:<stream>::<source name>" and only so; feeds file module-stream advisories under that key.
#include "match/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/package_name.h"
#include "match/affected_range.h"
#include "match/candidate.h"
#include "match/language_ecosystem.h"
#include "match/version.h"

namespace drydock {
namespace {

// Packages are judged only by the feed of their own package manager: a stray apk database in a Debian
// image is not a Debian package.
std::string_view SchemeOfPackage(std::string_view package_ecosystem) {
  if (package_ecosystem == "deb") return "dpkg";
  if (package_ecosystem == "apk") return "apk";
  if (package_ecosystem == "rpm") return "rpm";
  return "";
}

// What `package` is judged by, or nullopt when nothing can judge it: an OS package of another package
// manager than the distro's, or a language ecosystem without a version scheme yet.
std::optional<PackageQuery> QueryFor(const Package& package, const std::string& os_ecosystem,
                                     const VersionScheme* os_scheme) {
  if (const LanguageEcosystem* language = FindLanguageEcosystem(package.ecosystem)) {
    const VersionScheme* scheme = SchemeForEcosystem(language->osv_ecosystem);
    if (scheme == nullptr) return std::nullopt;
    return PackageQuery{package, std::string(language->osv_ecosystem), language->Normalize(package.name),
                        package.version, *scheme};
  }
  if (os_scheme == nullptr || SchemeOfPackage(package.ecosystem) != os_scheme->Name()) return std::nullopt;
  // Debian's and Red Hat's advisories state source versions (binNMUs, source RPMs).
  const bool use_source = (package.ecosystem == "deb" || package.ecosystem == "rpm") && !package.source_version.empty();
  const std::string& name = package.source_name.empty() ? package.name : package.source_name;
  // A module stream's rpm is judged only by its stream's advisories, a plain rpm only by plain ones: the
  // perl-FCGI of module perl-FCGI:0.78 and a non-modular perl-FCGI are different builds with different fixes.
  const bool modular = package.ecosystem == "rpm" && !package.module.empty();
  return PackageQuery{package, os_ecosystem, modular ? ModularPackageKey(package.module, name) : name,
                      use_source ? package.source_version : package.version, *os_scheme, modular};
}

// A module stream's fix is often built once per module context (four perl-FCGI:0.78 builds in RHEL 8.10, whose
// releases differ only in their last "+hash"), and the feed gives each as its own [0, fix) range. An rpm
// cannot say which context's fix is meant for it, so reaching any of them counts as fixed; without this the
// highest-sorting hash would flag every other context's fixed build.
bool ReachedAnyModuleFix(const Affected& affected, std::string_view version, const VersionScheme& scheme) {
  return std::any_of(affected.ranges.begin(), affected.ranges.end(), [&](const AffectedRange& range) {
    const bool from_start = range.introduced.empty() || range.introduced == "0";
    return from_start && !range.fixed.empty() && scheme.Compare(version, range.fixed) >= 0;
  });
}

// Keeps, per advisory id, the strongest hit; equal hits go to the record with the smaller data_source so
// the result does not depend on the order the DB returns records in.
void CollectCandidates(const PackageQuery& query, const std::vector<Advisory>& advisories,
                       std::map<std::string, Candidate, std::less<>>& best) {
  for (const Advisory& advisory : advisories) {
    for (const Affected& affected : advisory.affected) {
      if (affected.ecosystem != query.ecosystem || affected.package != query.name) continue;
      if (query.modular && ReachedAnyModuleFix(affected, query.version, query.scheme)) continue;
      std::optional<AffectedHit> hit = FindAffectedHit(affected, query.version, query.scheme);
      if (!hit) continue;
      auto [it, inserted] = best.try_emplace(advisory.id, Candidate{&advisory, &affected, *hit});
      if (inserted) continue;
      Candidate& current = it->second;
      const bool stronger = IsStrongerHit(*hit, current.hit, query.scheme);
      const bool tie = !stronger && !IsStrongerHit(current.hit, *hit, query.scheme);
      if (stronger || (tie && advisory.data_source < current.advisory->data_source)) {
        current = Candidate{&advisory, &affected, std::move(*hit)};
      }
    }
  }
}

}  // namespace

std::vector<Finding> MatchPackages(const PackageTable& packages, const Distro& distro,
                                   const AdvisoryLookup& lookup, const MatchOptions& options) {
  std::vector<Finding> findings;
  const std::string os_ecosystem = DistroEcosystem(distro);
  const VersionScheme* os_scheme = SchemeForEcosystem(os_ecosystem);

  // The binaries of one source package share a lookup; a Debian image has several per source, and an
  // app tree often holds one npm package many times.
  std::map<std::pair<std::string, std::string>, std::vector<Advisory>> advisories_by_name;
  for (const Package& package : packages) {
    const std::optional<PackageQuery> query = QueryFor(package, os_ecosystem, os_scheme);
    if (!query) continue;
    auto key = std::make_pair(query->ecosystem, query->name);
    auto it = advisories_by_name.find(key);
    if (it == advisories_by_name.end()) {
      it = advisories_by_name.emplace(key, lookup(query->ecosystem, query->name)).first;
    }
    std::map<std::string, Candidate, std::less<>> best;
    CollectCandidates(*query, it->second, best);
    std::vector<Finding> merged = BuildFindings(*query, best, options);
    std::move(merged.begin(), merged.end(), std::back_inserter(findings));
  }
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.package_id, a.id, a.data_source) < std::tie(b.package_id, b.id, b.data_source);
  });
  // Two inventory entries with one package id (the same package seen twice) still get one finding each.
  auto duplicate = std::unique(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return a.package_id == b.package_id && a.id == b.id;
  });
  findings.erase(duplicate, findings.end());
  return findings;
}

}  // namespace drydock
