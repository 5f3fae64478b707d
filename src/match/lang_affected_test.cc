// The application schemes inside FindAffectedHit on real OSV records: Go's own stdlib advisory
// (golang+vulndb), GHSA's Log4Shell record for Maven, and a RustSec crate advisory. Expected results are read
// off each record's ranges (quoted beside each case).
#include <gtest/gtest.h>

#include <string>

#include "common/file.h"
#include "match/affected_range.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

Advisory Record(std::string_view relative) {
  const std::string path = std::string(DRYDOCK_TESTDATA) + "/" + std::string(relative);
  auto bytes = ReadFileBounded(path, 16 << 20);
  EXPECT_TRUE(bytes.has_value()) << path;
  if (!bytes) return {};
  auto advisory = ParseOsvRecord(*bytes);
  EXPECT_TRUE(advisory.has_value() && advisory->has_value()) << path;
  if (!advisory || !*advisory) return {};
  return **advisory;
}

const Affected& Entry(const Advisory& a, std::string_view package) {
  for (const Affected& affected : a.affected) {
    if (affected.package == package) return affected;
  }
  ADD_FAILURE() << a.id << " has no entry for " << package;
  static const Affected kNone;
  return kNone;
}

struct Case {
  const char* version;
  bool holds;
  const char* fixed;
};

void Check(const Affected& affected, const std::vector<Case>& cases) {
  const VersionScheme* scheme = SchemeForEcosystem(affected.ecosystem);
  ASSERT_NE(scheme, nullptr) << affected.ecosystem;
  for (const Case& c : cases) {
    const auto hit = FindAffectedHit(affected, c.version, *scheme);
    EXPECT_EQ(hit.has_value(), c.holds) << affected.package << " " << c.version;
    if (hit && c.holds) {
      EXPECT_EQ(hit->fixed, c.fixed) << affected.package << " " << c.version;
    }
  }
}

TEST(LangAffectedTest, GoStdlibAdvisoryWithVPrefixedToolchains) {
  // GO-2023-1621: stdlib SEMVER introduced 0, fixed 1.19.7; introduced 1.20.0-0, fixed 1.20.2.
  const Advisory a = Record("golang+vulndb/data/osv/GO-2023-1621.json");
  const Affected& stdlib = Entry(a, "stdlib");
  EXPECT_EQ(stdlib.ecosystem, "Go");
  Check(stdlib, {{"v1.19.1", true, "1.19.7"},  // lefthook's toolchain in debian12-app
                 {"v1.19.8", false, ""},        // age-keygen's
                 {"v1.19.7", false, ""},
                 {"v1.20.0-rc.1", true, "1.20.2"},
                 {"v1.20.1", true, "1.20.2"},
                 {"v1.20.2", false, ""},
                 {"1.18", true, "1.19.7"}});
}

TEST(LangAffectedTest, Log4ShellMavenRanges) {
  // GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core: ECOSYSTEM [2.13.0, 2.15.0),
  // [2.0-beta9, 2.3.1), [2.4, 2.12.2) (one range each, in separate affected entries; the first is read).
  const Advisory a = Record(
      "github+advisory-database/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json");
  int entries = 0;
  for (const Affected& affected : a.affected) {
    if (affected.package != "org.apache.logging.log4j:log4j-core") continue;
    ++entries;
    const VersionScheme* maven = SchemeForEcosystem(affected.ecosystem);
    ASSERT_NE(maven, nullptr);
    // 2.19.0 (debian12-app's vendored log4j-core) is past every range.
    EXPECT_FALSE(FindAffectedHit(affected, "2.19.0", *maven).has_value());
    EXPECT_FALSE(FindAffectedHit(affected, "2.15.0", *maven).has_value());
  }
  EXPECT_EQ(entries, 3);
  const Affected& first = Entry(a, "org.apache.logging.log4j:log4j-core");
  Check(first, {{"2.14.1", true, "2.15.0"}, {"2.13.0", true, "2.15.0"}, {"2.13.0-rc1", false, ""},
                {"2.15.0-rc1", true, "2.15.0"}});
}

TEST(LangAffectedTest, RustsecCrateRange) {
  // RUSTSEC-2018-0018, smallvec: SEMVER introduced 0.0.0-0, fixed 0.6.13.
  const Advisory a = Record("rustsec+advisory-db/crates/RUSTSEC-2018-0018.json");
  const Affected& smallvec = Entry(a, "smallvec");
  EXPECT_EQ(smallvec.ecosystem, "crates.io");
  Check(smallvec, {{"0.6.12", true, "0.6.13"}, {"0.1.0", true, "0.6.13"}, {"0.6.13", false, ""},
                   {"1.6.0", false, ""}, {"0.6.13-alpha", true, "0.6.13"}});
}

}  // namespace
}  // namespace drydock
