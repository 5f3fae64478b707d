// Language packages x OSV advisories: the ecosystem table, name normalisation, and OSV range semantics
// (SEMVER vs ECOSYSTEM, limit events, explicit versions).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "match/affected_range.h"
#include "match/language_ecosystem.h"
#include "match/matcher.h"

namespace drydock {
namespace {

Package Lang(std::string ecosystem, std::string name, std::string version) {
  Package p;
  p.id = ecosystem + ":" + name + "@" + version;
  p.ecosystem = std::move(ecosystem);
  p.name = std::move(name);
  p.version = std::move(version);
  p.path = "app/package-lock.json";
  return p;
}

Advisory OneRange(std::string id, std::string ecosystem, std::string package, AffectedRange range,
                  std::vector<std::string> versions = {}) {
  Advisory advisory;
  advisory.id = std::move(id);
  advisory.data_source = "osv";
  advisory.affected.push_back(
      Affected{std::move(ecosystem), std::move(package), {std::move(range)}, std::move(versions), "fixed"});
  return advisory;
}

struct Queries {
  std::vector<std::pair<std::string, std::string>> seen;
};

AdvisoryLookup LookupOf(const std::vector<Advisory>& advisories, Queries& queries) {
  return [&advisories, &queries](std::string_view ecosystem, std::string_view name) {
    queries.seen.emplace_back(std::string(ecosystem), std::string(name));
    std::vector<Advisory> out;
    for (const Advisory& a : advisories) {
      if (a.affected[0].ecosystem == ecosystem && a.affected[0].package == name) out.push_back(a);
    }
    return out;
  };
}

TEST(LanguageEcosystemTest, TableMapsEveryLanguageToOsv) {
  const std::pair<const char*, const char*> rows[] = {
      {"npm", "npm"},     {"pypi", "PyPI"}, {"gem", "RubyGems"},    {"composer", "Packagist"},
      {"golang", "Go"},   {"maven", "Maven"}, {"cargo", "crates.io"}, {"nuget", "NuGet"},
  };
  for (const auto& [package_ecosystem, osv] : rows) {
    const LanguageEcosystem* row = FindLanguageEcosystem(package_ecosystem);
    ASSERT_NE(row, nullptr) << package_ecosystem;
    EXPECT_EQ(row->osv_ecosystem, osv);
  }
  EXPECT_EQ(FindLanguageEcosystem("deb"), nullptr);
  EXPECT_EQ(FindLanguageEcosystem("NPM"), nullptr);
  EXPECT_EQ(FindLanguageEcosystem("pypi")->Normalize("Jinja2_Time"), "jinja2-time");
  EXPECT_EQ(FindLanguageEcosystem("composer")->Normalize("Symfony/HTTP-Kernel"), "symfony/http-kernel");
  EXPECT_EQ(FindLanguageEcosystem("npm")->Normalize("@Babel/core"), "@Babel/core");
}

// GHSA-p6mc-m468-83gw (lodash): introduced 4.0.0, fixed 4.17.19 in OSV's npm ecosystem.
TEST(LanguageMatchTest, NpmPackageMatchesWithoutAnyDistro) {
  const std::vector<Advisory> db = {OneRange("GHSA-p6mc-m468-83gw", "npm", "lodash",
                                             {"4.0.0", "4.17.19", "", "SEMVER", {}})};
  Queries queries;
  const auto findings = MatchPackages({Lang("npm", "lodash", "4.17.15"), Lang("npm", "lodash", "4.17.21")},
                                      Distro{}, LookupOf(db, queries));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].package_id, "npm:lodash@4.17.15");
  EXPECT_EQ(findings[0].fixed_version, "4.17.19");
  EXPECT_EQ(findings[0].match.ecosystem, "npm");
  EXPECT_EQ(findings[0].match.by, "name");
  EXPECT_EQ(findings[0].path, "app/package-lock.json");
  EXPECT_EQ(queries.seen.size(), 1u) << "one lookup per (ecosystem, name)";
}

TEST(LanguageMatchTest, PypiNamesAreLookedUpNormalised) {
  const std::vector<Advisory> db = {OneRange("PYSEC-1", "PyPI", "jw-util", {"0", "", "2.3", "ECOSYSTEM", {}})};
  Queries queries;
  const auto findings = MatchPackages({Lang("pypi", "jw.util", "2.3")}, Distro{}, LookupOf(db, queries));
  ASSERT_EQ(queries.seen.size(), 1u);
  EXPECT_EQ(queries.seen[0], (std::pair<std::string, std::string>{"PyPI", "jw-util"}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, "affected");
}

TEST(LanguageMatchTest, EcosystemsWithoutASchemeAreNotGuessed) {
  Queries queries;
  const std::vector<Advisory> db;
  // An apk package in a distro-less scan has no feed; it must not be looked up in any language ecosystem.
  MatchPackages({Lang("apk", "musl", "1.0"), Lang("left-pad-eco", "x", "1")}, Distro{}, LookupOf(db, queries));
  EXPECT_TRUE(queries.seen.empty());
}

TEST(LanguageMatchTest, ExplicitVersionsListMatchesExactly) {
  Advisory listed = OneRange("GHSA-x", "npm", "event-stream", {}, {"3.3.6"});
  listed.affected[0].ranges.clear();
  const std::vector<Advisory> db = {listed};
  Queries queries;
  const auto findings = MatchPackages({Lang("npm", "event-stream", "3.3.6"), Lang("npm", "event-stream", "3.3.5")},
                                      Distro{}, LookupOf(db, queries));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].installed_version, "3.3.6");
}

const VersionScheme& Npm() { return *SchemeForEcosystem("npm"); }

Affected Ranges(std::vector<AffectedRange> ranges) { return Affected{"npm", "x", std::move(ranges), {}, ""}; }

// OSV schema "Evaluation": a limit caps the whole range; "*" is no limit.
TEST(OsvRangeTest, LimitEventsCapTheRange) {
  const Affected capped = Ranges({{"1.0.0", "", "", "SEMVER", {"2.0.0"}}});
  EXPECT_TRUE(FindAffectedHit(capped, "1.5.0", Npm()));
  EXPECT_FALSE(FindAffectedHit(capped, "2.0.0", Npm()));
  EXPECT_FALSE(FindAffectedHit(capped, "3.0.0", Npm()));
  EXPECT_FALSE(FindAffectedHit(capped, "0.9.0", Npm()));
  const Affected starred = Ranges({{"1.0.0", "", "", "SEMVER", {"*"}}});
  EXPECT_TRUE(FindAffectedHit(starred, "9.0.0", Npm()));
}

// A SEMVER range compares by SemVer even when the ecosystem's own scheme would order versions otherwise;
// a leading "v" (Go module versions) is not part of a SemVer version.
TEST(OsvRangeTest, SemverRangesUseSemverPrecedence) {
  const Affected range = Ranges({{"0", "1.10.0", "", "SEMVER", {}}});
  const VersionScheme& dpkg = *SchemeForEcosystem("Debian:12");
  EXPECT_TRUE(FindAffectedHit(range, "1.9.0", dpkg));
  EXPECT_TRUE(FindAffectedHit(range, "v1.9.0", dpkg));
  EXPECT_TRUE(FindAffectedHit(range, "1.10.0-rc.1", dpkg)) << "pre-release sorts before its release";
  EXPECT_FALSE(FindAffectedHit(range, "1.10.0", dpkg));
  EXPECT_FALSE(FindAffectedHit(range, "1.10.0+build.7", dpkg)) << "build metadata has no precedence";
}

// introduced a, fixed b, introduced c, last_affected d: two intervals, the fix reported from the one held.
TEST(OsvRangeTest, SeveralIntervalsAndLastAffected) {
  const Affected two = Ranges({{"1.0.0", "1.2.0", "", "SEMVER", {}}, {"2.0.0", "", "2.1.0", "SEMVER", {}}});
  EXPECT_EQ(FindAffectedHit(two, "1.1.0", Npm())->fixed, "1.2.0");
  EXPECT_FALSE(FindAffectedHit(two, "1.5.0", Npm()));
  EXPECT_EQ(FindAffectedHit(two, "2.1.0", Npm())->kind, AffectedHit::Kind::kNoFix);
  EXPECT_FALSE(FindAffectedHit(two, "2.1.1", Npm()));
}

}  // namespace
}  // namespace drydock
