// OSV records: the pure parser on small inputs, then ReadOsvFeed on real feeds from DRYDOCK_TESTDATA.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::FindAdvisory;
using testing::TestData;

Advisory ParseOne(std::string_view json) {
  auto parsed = ParseOsvRecord(json);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  if (!parsed || !*parsed) return {};
  return **parsed;
}

TEST(OsvRecordTest, EventsBecomeOrderedRanges) {
  const Advisory advisory = ParseOne(R"({"id": "X-1", "details": "\n  First line.\nSecond.",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "p"}, "ranges": [
      {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0"}, {"introduced": "2.0"},
                                       {"last_affected": "2.5"}, {"introduced": "3.0"}, {"limit": "4.0"}]},
      {"type": "GIT", "repo": "r", "events": [{"introduced": "abc"}, {"fixed": "def"}]}],
      "versions": ["2.1"]}]})");
  EXPECT_EQ(advisory.summary, "First line.");
  ASSERT_EQ(advisory.affected.size(), 1u);
  const std::vector<std::string> limits = {"4.0"};
  const std::vector<AffectedRange> want = {{"0", "1.0", "", "ECOSYSTEM", limits},
                                           {"2.0", "", "2.5", "ECOSYSTEM", limits},
                                           {"3.0", "", "", "ECOSYSTEM", limits}};
  EXPECT_EQ(advisory.affected[0].ranges, want);
  EXPECT_EQ(advisory.affected[0].versions, std::vector<std::string>{"2.1"});
  EXPECT_EQ(advisory.affected[0].status, "fixed");
  EXPECT_EQ(advisory.severity, "UNKNOWN");
  EXPECT_EQ(advisory.severity_source, "");
}

TEST(OsvRecordTest, UnfixedIsAffectedAndCvssGivesSeverity) {
  const Advisory advisory = ParseOne(R"({"id": "X-2", "summary": "s",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "curl"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]})");
  EXPECT_EQ(advisory.affected[0].status, "affected");
  EXPECT_EQ(advisory.severity, "CRITICAL");
  EXPECT_EQ(advisory.severity_source, "osv:Debian");
  EXPECT_EQ(advisory.cvss, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
}

TEST(OsvRecordTest, WithdrawnAndGitOnlyRecordsAreDropped) {
  auto withdrawn = ParseOsvRecord(R"({"id": "X-3", "withdrawn": "2024-01-01T00:00:00Z", "affected": []})");
  ASSERT_TRUE(withdrawn.has_value());
  EXPECT_FALSE(withdrawn->has_value());
  auto git_only = ParseOsvRecord(R"({"id": "OSV-1", "affected": [{"ranges": [{"type": "GIT", "events": []}]}]})");
  ASSERT_TRUE(git_only.has_value());
  EXPECT_FALSE(git_only->has_value());
}

TEST(OsvRecordTest, UbuntuLtsSuffixIsDropped) {
  EXPECT_EQ(NormalizeOsvEcosystem("Ubuntu:22.04:LTS"), "Ubuntu:22.04");
  EXPECT_EQ(NormalizeOsvEcosystem("Ubuntu:Pro:14.04:LTS"), "Ubuntu:Pro:14.04");
  EXPECT_EQ(NormalizeOsvEcosystem("Ubuntu:23.10"), "Ubuntu:23.10");
  EXPECT_EQ(NormalizeOsvEcosystem("Alpine:v3.10"), "Alpine:v3.10");
  EXPECT_EQ(NormalizeOsvEcosystem("npm"), "npm");
}

TEST(OsvFeedTest, GoVulnDbDirectory) {
  auto feed = ReadOsvFeed(TestData("golang+vulndb/data/osv"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.name, "osv");
  EXPECT_EQ(feed->info.skipped, 0u) << (feed->warnings.empty() ? "" : feed->warnings[0]);
  EXPECT_GT(feed->info.advisories, 4000u);
  EXPECT_EQ(FindAdvisory(*feed, "GO-2022-0617"), nullptr);  // withdrawn
  auto gin = FindAdvisory(*feed, "GO-2020-0001");
  ASSERT_NE(gin, nullptr);
  EXPECT_EQ(gin->summary, "Arbitrary log line injection in github.com/gin-gonic/gin");
  EXPECT_EQ(gin->aliases, (std::vector<std::string>{"CVE-2020-36567", "GHSA-6vm3-jj99-7229"}));
  ASSERT_EQ(gin->affected.size(), 1u);
  EXPECT_EQ(gin->affected[0].ecosystem, "Go");
  EXPECT_EQ(gin->affected[0].package, "github.com/gin-gonic/gin");
  EXPECT_EQ(gin->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.6.0", "", "SEMVER"}}));
  auto stdlib = FindAdvisory(*feed, "GO-2021-0069");
  ASSERT_NE(stdlib, nullptr);
  const std::vector<AffectedRange> want = {{"1.14.0-0", "1.14.12", "", "SEMVER"}, {"1.15.0-0", "1.15.5", "", "SEMVER"}};
  EXPECT_EQ(stdlib->affected[0].ranges, want);
}

TEST(OsvFeedTest, GithubAdvisoryWithLastAffectedAndVendorSeverity) {
  auto feed = ReadOsvFeed(TestData(
      "github+advisory-database/advisories/github-reviewed/2020/07/GHSA-p6mc-m468-83gw/GHSA-p6mc-m468-83gw.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->advisories.size(), 1u);
  const Advisory& lodash = feed->advisories[0];
  EXPECT_EQ(lodash.severity, "HIGH");  // database_specific wins over the vector's 7.4 (also HIGH)
  EXPECT_EQ(lodash.severity_source, "ghsa");  // GitHub's rating, whatever ecosystem (--severity-source ghsa)
  EXPECT_EQ(lodash.cvss, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H");
  ASSERT_GE(lodash.affected.size(), 3u);
  EXPECT_EQ(lodash.affected[0].package, "lodash");
  EXPECT_EQ(lodash.affected[0].ranges, (std::vector<AffectedRange>{{"3.7.0", "4.17.19", "", "ECOSYSTEM"}}));
  EXPECT_EQ(lodash.affected[2].package, "lodash.pick");
  EXPECT_EQ(lodash.affected[2].ranges, (std::vector<AffectedRange>{{"4.0.0", "", "4.4.0", "ECOSYSTEM"}}));
  EXPECT_EQ(lodash.affected[2].status, "affected");
}

TEST(OsvFeedTest, OsvDevTestdataDebianAndUbuntu) {
  auto feed = ReadOsvFeed(TestData("google+osv.dev/gcp/workers/oss_fuzz_worker/testdata"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  auto dsa = FindAdvisory(*feed, "DSA-3029-1");
  ASSERT_NE(dsa, nullptr);
  EXPECT_EQ(dsa->summary, "nginx - security update");
  EXPECT_EQ(dsa->aliases, std::vector<std::string>{"CVE-2014-3616"});
  EXPECT_EQ(dsa->affected[0].ecosystem, "Debian:7");
  EXPECT_EQ(dsa->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.2.1-2.2+wheezy3", "", "ECOSYSTEM"}}));
  auto ubuntu = FindAdvisory(*feed, "UBUNTU-CVE-2025-38094");
  ASSERT_NE(ubuntu, nullptr);
  EXPECT_EQ(ubuntu->affected[0].ecosystem, "Ubuntu:Pro:14.04");
  EXPECT_EQ(ubuntu->affected[0].package, "linux");
  EXPECT_EQ(ubuntu->severity, "MEDIUM");  // severity[] {"type": "Ubuntu", "score": "medium"}
  EXPECT_EQ(ubuntu->severity_source, "osv:Ubuntu");
  EXPECT_EQ(ubuntu->affected[0].status, "affected");
  EXPECT_FALSE(ubuntu->affected[0].versions.empty());
}

// The OSV text of one real record file.
Advisory ParseFile(const std::string& relative) {
  std::ifstream in(TestData(relative), std::ios::binary);
  EXPECT_TRUE(in) << relative;
  return ParseOne(std::string(std::istreambuf_iterator<char>(in), {}));
}

// AlmaLinux and Rocky Linux module updates are filed under "<module>:<stream>::<name>": from
// ecosystem_specific.rpm_modularity (grype's ALSA-2021:4156), else from the errata title when the fix is a
// module build (today's records never carry rpm_modularity: vunnel's ALSA-2023:5259, RLSA-2024:3671).
TEST(OsvRecordTest, RpmModuleStreams) {
  const Advisory delve = ParseFile("anchore+grype/grype/db/v6/build/transformers/osv/testdata/ALSA-2021-4156.json");
  ASSERT_EQ(delve.affected.size(), 1u);
  EXPECT_EQ(delve.affected[0].ecosystem, "AlmaLinux:8");
  EXPECT_EQ(delve.affected[0].package, "go-toolset:rhel8::delve");
  EXPECT_EQ(delve.affected[0].ranges,
            (std::vector<AffectedRange>{{"0", "1.6.0-1.module_el8.5.0+2604+960c7771", "", "ECOSYSTEM"}}));

  const Advisory mariadb = ParseFile(
      "anchore+vunnel/tests/unit/providers/alma/test-fixtures/osv-database/advisories/almalinux8/ALSA-2023:5259.json");
  ASSERT_FALSE(mariadb.affected.empty());
  for (const Affected& a : mariadb.affected) EXPECT_TRUE(a.package.starts_with("mariadb:10.3::")) << a.package;
  EXPECT_EQ(mariadb.affected[0].package, "mariadb:10.3::mariadb");

  const Advisory ruby = ParseFile("anchore+vunnel/tests/unit/providers/rocky/test-fixtures/osv/RLSA-2024_3671.json");
  ASSERT_FALSE(ruby.affected.empty());
  EXPECT_EQ(ruby.affected[0].ecosystem, "Rocky Linux:9");
  EXPECT_EQ(ruby.affected[0].package, "ruby:3.3::ruby");

  // Not module builds: plain names, whatever the title says.
  const Advisory firefox = ParseFile("anchore+vunnel/tests/unit/providers/rocky/test-fixtures/osv/RLSA-2023_3220.json");
  EXPECT_EQ(firefox.affected[0].package, "firefox");
}

TEST(OsvRpmModuleTest, TitleNamesOneStream) {
  const std::vector<AffectedRange> module_fix = {{"0", "8.1.32-1.module_el9.5.0+156+9f1cd3fd", ""}};
  const std::vector<AffectedRange> plain_fix = {{"0", "8.0.30-1.el9_2", ""}};
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "", "Moderate: php:8.1 security update", module_fix), "php:8.1");
  EXPECT_EQ(OsvRpmModule("Rocky Linux:8", "", "Important: container-tools:rhel8 security, bug fix", module_fix),
            "container-tools:rhel8");
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "", "Moderate: php:8.1 security update", plain_fix), "");
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "", "Moderate: php security update", module_fix), "");
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "", "Important: nodejs:18 and nodejs:20 update", module_fix), "");
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "go-toolset:rhel9", "anything", plain_fix), "go-toolset:rhel9");
  EXPECT_EQ(OsvRpmModule("AlmaLinux:9", "rhel9", "Moderate: php:8.1 update", module_fix), "");  // no stream
  EXPECT_EQ(OsvRpmModule("Debian:12", "a:b", "Moderate: php:8.1 update", module_fix), "");
  // rpm_modularity of another type says nothing and does not fail the record.
  const Advisory odd = ParseOne(R"({"id": "ALSA-X", "summary": "Low: x:1 update", "affected": [
    {"package": {"ecosystem": "AlmaLinux:8", "name": "x"}, "ecosystem_specific": {"rpm_modularity": 5},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1-1.module_el8"}]}]}]})");
  ASSERT_EQ(odd.affected.size(), 1u);
  EXPECT_EQ(odd.affected[0].package, "x:1::x");
}

TEST(OsvFeedTest, AlmaLinuxAndZip) {
  auto alma = ReadOsvFeed(TestData("AlmaLinux+osv-database/advisories/almalinux9"));
  ASSERT_TRUE(alma.has_value()) << alma.error().message;
  EXPECT_EQ(alma->info.skipped, 0u);
  auto qatzip = FindAdvisory(*alma, "ALBA-2022:8256");
  ASSERT_NE(qatzip, nullptr);
  EXPECT_EQ(qatzip->affected[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(qatzip->affected[0].package, "qatzip");
  EXPECT_EQ(qatzip->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.0.9-1.el9", "", "ECOSYSTEM"}}));
  // Every entry whose fix is a module build is keyed by its stream (1,668 in 100 records, none of them with
  // rpm_modularity), and nothing else is.
  std::size_t modular = 0;
  for (const Advisory& advisory : alma->advisories) {
    for (const Affected& a : advisory.affected) {
      const bool module_fix = std::any_of(a.ranges.begin(), a.ranges.end(), [](const AffectedRange& r) {
        return r.fixed.find(".module_el") != std::string::npos;
      });
      EXPECT_EQ(module_fix, a.package.find("::") != std::string::npos) << advisory.id << " " << a.package;
      modular += module_fix;
    }
  }
  EXPECT_EQ(modular, 1668u);
  auto php = FindAdvisory(*alma, "ALSA-2025:4263");
  ASSERT_NE(php, nullptr);
  EXPECT_TRUE(std::any_of(php->affected.begin(), php->affected.end(),
                          [](const Affected& a) { return a.package == "php:8.1::php"; }));

  auto zip = ReadOsvFeed(TestData("aquasecurity+vuln-list-update/osvdev/testdata/go/all.zip"));
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  EXPECT_EQ(zip->info.advisories, 3u);
  EXPECT_NE(FindAdvisory(*zip, "GO-2021-0059"), nullptr);
}

}  // namespace
}  // namespace drydock
