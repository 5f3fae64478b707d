// BuildFindings: one package's matched advisories -> its findings, one per vulnerability.
//
// Feeds describe one vulnerability several times: PYSEC-2023-74, GHSA-j8r2-6x86-q33q and CVE-2023-32681 are
// the same requests bug, and a scan that listed each would count it three times and often rate it twice
// (HIGH from GitHub, nothing from PyPA). The DB numbers each alias group (vulndb/alias_groups.h); records of one
// group matched against one package become one finding. Without group numbers (a lookup that has none) a
// shared id or alias groups them the same way.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <numeric>
#include <set>
#include <tuple>

#include "match/candidate.h"
#include "match/severity.h"

namespace drydock {
namespace {

bool Names(const Advisory& advisory, std::string_view id) {
  return advisory.id == id || std::find(advisory.aliases.begin(), advisory.aliases.end(), id) != advisory.aliases.end();
}

bool SameVulnerability(const Advisory& a, const Advisory& b) {
  if (a.group != 0 || b.group != 0) return a.group == b.group;
  if (Names(b, a.id)) return true;
  return std::any_of(a.aliases.begin(), a.aliases.end(), [&](const std::string& alias) { return Names(b, alias); });
}

// Digit runs compare as numbers, so CVE-2023-9999 sorts before CVE-2023-10000.
bool NaturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string_view x = a.substr(i, ei - i), y = b.substr(j, ej - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

int Kind(std::string_view id) {
  if (id.starts_with("CVE-")) return 0;
  if (id.starts_with("GHSA-")) return 1;
  return 2;
}

// Every fix of the matched entry above the installed version (the fix of the installed branch and those of
// later branches: "6.0.3.1, 5.2.4.3"). A module stream's several fixes are one fix built per module context (see
// matcher.cc), so only the one that held is offered.
void AddFixes(const PackageQuery& query, const Candidate& candidate, std::vector<std::string>& fixes) {
  if (!candidate.hit.fixed.empty()) fixes.push_back(candidate.hit.fixed);
  if (query.modular) return;
  for (const AffectedRange& range : candidate.affected->ranges) {
    if (range.fixed.empty()) continue;
    const VersionScheme& scheme = range.type == "SEMVER" ? SemverScheme() : query.scheme;
    if (scheme.Compare(range.fixed, query.version) > 0) fixes.push_back(range.fixed);
  }
}

// Only fixes that leave every merged record's entry: Alpine's secdb lists CVE-2017-3738 as fixed in both
// 1.0.2n-r0 and 1.0.2o-r0, and 1.0.2n-r0 is still inside the [0, 1.0.2o-r0) range; a PYSEC record's fix may be
// inside its GHSA's range. When the records contradict each other on every fix, the fixes that held are kept.
void DropFixesStillAffected(const PackageQuery& query, const std::vector<const Candidate*>& members,
                            std::vector<std::string>& fixes) {
  std::vector<std::string> kept;
  for (const std::string& fix : fixes) {
    const bool affected = std::any_of(members.begin(), members.end(), [&](const Candidate* c) {
      return FindAffectedHit(*c->affected, fix, query.scheme).has_value();
    });
    if (!affected) kept.push_back(fix);
  }
  if (!kept.empty()) fixes = std::move(kept);
}

std::string JoinFixes(const PackageQuery& query, std::vector<std::string> fixes) {
  std::sort(fixes.begin(), fixes.end(), [&](const std::string& a, const std::string& b) {
    const int order = query.scheme.Compare(a, b);
    return order != 0 ? order > 0 : a < b;
  });
  fixes.erase(std::unique(fixes.begin(), fixes.end(),
                          [&](const std::string& a, const std::string& b) { return query.scheme.Compare(a, b) == 0; }),
              fixes.end());
  std::string out;
  for (const std::string& fix : fixes) out += (out.empty() ? "" : ", ") + fix;
  return out;
}

Finding MakeFinding(const PackageQuery& query, std::vector<const Candidate*> members, const MatchOptions& options) {
  std::vector<std::vector<std::string>> ids;
  for (const Candidate* c : members) {
    ids.push_back(c->advisory->aliases);
    ids.back().push_back(c->advisory->id);
  }
  const std::string preferred = PreferredId(ids);
  // The record that explains the finding: one with a fix, then the one whose id is reported, then by feed.
  auto primary_key = [&](const Candidate* c) {
    return std::make_tuple(c->hit.fixed.empty(), c->advisory->id != preferred, std::cref(c->advisory->data_source),
                           std::cref(c->advisory->id));
  };
  std::sort(members.begin(), members.end(),
            [&](const Candidate* a, const Candidate* b) { return primary_key(a) < primary_key(b); });
  const Candidate& primary = *members.front();
  const Package& package = query.package;
  const bool os_package = package.ecosystem == "deb" || package.ecosystem == "apk" || package.ecosystem == "rpm";

  Finding finding;
  finding.id = preferred;
  std::set<std::string> aliases;
  for (const auto& record_ids : ids) aliases.insert(record_ids.begin(), record_ids.end());
  aliases.erase(preferred);
  finding.aliases.assign(aliases.begin(), aliases.end());
  finding.package_id = package.id;
  finding.package_name = package.name;
  finding.installed_version = package.version;
  std::vector<std::string> fixes;
  std::vector<MatchedRecord> records;
  for (const Candidate* c : members) {
    AddFixes(query, *c, fixes);
    records.push_back(MatchedRecord{c->advisory, c->affected, os_package});
    finding.kev = finding.kev || c->advisory->kev;
    if (c->advisory->epss && (!finding.epss || *c->advisory->epss > *finding.epss)) {
      finding.epss = c->advisory->epss;
      finding.epss_percentile = c->advisory->epss_percentile;
    }
    if (finding.title.empty()) finding.title = c->advisory->summary;
  }
  if (!query.modular) DropFixesStillAffected(query, members, fixes);
  finding.fixed_version = JoinFixes(query, std::move(fixes));
  // A feed's "fixed" status describes the advisory as a whole; it is wrong for a package held by a range
  // that has no fix, so only a non-"fixed" vendor status ("will_not_fix", ...) is passed through.
  const std::string& vendor_status = primary.affected->status;
  if (!finding.fixed_version.empty()) {
    finding.status = "fixed";
  } else {
    finding.status = vendor_status.empty() || vendor_status == "fixed" ? "affected" : vendor_status;
  }
  ResolvedSeverity severity = ResolveSeverity(records, options.severity_sources);
  finding.severity = std::move(severity.severity);
  finding.severity_source = std::move(severity.source);
  finding.cvss = std::move(severity.cvss);
  if (!primary.advisory->summary.empty()) finding.title = primary.advisory->summary;
  finding.data_source = primary.advisory->data_source;
  finding.layer_diff_id = package.layer_diff_id;
  finding.path = package.path;
  finding.match.by = package.source_name.empty() ? "name" : "source_name";
  if (query.modular) finding.match.by = "module:" + finding.match.by;  // the record names "<module>::<name>"
  finding.match.ecosystem = query.ecosystem;
  finding.match.range = primary.hit.statement;
  if (query.version != package.version) {
    finding.match.range += fmt::format(" [source version; installed {}]", package.version);
  }
  finding.match.record = fmt::format("{} {}", primary.advisory->data_source, query.name);
  for (std::size_t i = 1; i < members.size(); ++i) {
    finding.match.record += fmt::format("{}{}", i == 1 ? "; also " : ", ", members[i]->advisory->id);
  }
  return finding;
}

}  // namespace

std::string PreferredId(const std::vector<std::vector<std::string>>& ids_per_record) {
  std::map<std::string, int, std::less<>> named_by;
  for (const auto& ids : ids_per_record) {
    for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) ++named_by[id];
  }
  const std::string* best = nullptr;
  for (const auto& [id, count] : named_by) {
    if (!best) {
      best = &id;
      continue;
    }
    const auto rank = std::make_tuple(Kind(id), -count), best_rank = std::make_tuple(Kind(*best), -named_by[*best]);
    if (rank < best_rank || (rank == best_rank && NaturalLess(id, *best))) best = &id;
  }
  return best ? *best : std::string();
}

std::vector<Finding> BuildFindings(const PackageQuery& query, const std::map<std::string, Candidate, std::less<>>& candidates,
                                   const MatchOptions& options) {
  std::vector<const Candidate*> all;
  for (const auto& [id, candidate] : candidates) all.push_back(&candidate);
  // Union of candidates that are one vulnerability; the smaller index is each set's root.
  std::vector<std::size_t> root(all.size());
  std::iota(root.begin(), root.end(), 0);
  auto find = [&](std::size_t x) {
    while (root[x] != x) x = root[x] = root[root[x]];
    return x;
  };
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      if (!SameVulnerability(*all[i]->advisory, *all[j]->advisory)) continue;
      const std::size_t a = find(i), b = find(j);
      root[std::max(a, b)] = std::min(a, b);
    }
  }
  std::map<std::size_t, std::vector<const Candidate*>> sets;
  for (std::size_t i = 0; i < all.size(); ++i) sets[find(i)].push_back(all[i]);
  std::vector<Finding> out;
  for (auto& [set_root, members] : sets) out.push_back(MakeFinding(query, std::move(members), options));
  return out;
}

}  // namespace drydock
