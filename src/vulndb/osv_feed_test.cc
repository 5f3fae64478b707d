// OSV records: the pure parser on small inputs, then ReadOsvFeed on real feeds from DRYDOCK_TESTDATA.
#include <gtest/gtest.h>

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
  const Advisory* gin = FindAdvisory(*feed, "GO-2020-0001");
  ASSERT_NE(gin, nullptr);
  EXPECT_EQ(gin->summary, "Arbitrary log line injection in github.com/gin-gonic/gin");
  EXPECT_EQ(gin->aliases, (std::vector<std::string>{"CVE-2020-36567", "GHSA-6vm3-jj99-7229"}));
  ASSERT_EQ(gin->affected.size(), 1u);
  EXPECT_EQ(gin->affected[0].ecosystem, "Go");
  EXPECT_EQ(gin->affected[0].package, "github.com/gin-gonic/gin");
  EXPECT_EQ(gin->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.6.0", "", "SEMVER"}}));
  const Advisory* stdlib = FindAdvisory(*feed, "GO-2021-0069");
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
  EXPECT_EQ(lodash.severity_source, "osv:npm");
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
  const Advisory* dsa = FindAdvisory(*feed, "DSA-3029-1");
  ASSERT_NE(dsa, nullptr);
  EXPECT_EQ(dsa->summary, "nginx - security update");
  EXPECT_EQ(dsa->aliases, std::vector<std::string>{"CVE-2014-3616"});
  EXPECT_EQ(dsa->affected[0].ecosystem, "Debian:7");
  EXPECT_EQ(dsa->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.2.1-2.2+wheezy3", "", "ECOSYSTEM"}}));
  const Advisory* ubuntu = FindAdvisory(*feed, "UBUNTU-CVE-2025-38094");
  ASSERT_NE(ubuntu, nullptr);
  EXPECT_EQ(ubuntu->affected[0].ecosystem, "Ubuntu:Pro:14.04");
  EXPECT_EQ(ubuntu->affected[0].package, "linux");
  EXPECT_EQ(ubuntu->severity, "MEDIUM");  // severity[] {"type": "Ubuntu", "score": "medium"}
  EXPECT_EQ(ubuntu->severity_source, "osv:Ubuntu");
  EXPECT_EQ(ubuntu->affected[0].status, "affected");
  EXPECT_FALSE(ubuntu->affected[0].versions.empty());
}

TEST(OsvFeedTest, AlmaLinuxAndZip) {
  auto alma = ReadOsvFeed(TestData("AlmaLinux+osv-database/advisories/almalinux9"));
  ASSERT_TRUE(alma.has_value()) << alma.error().message;
  EXPECT_EQ(alma->info.skipped, 0u);
  const Advisory* qatzip = FindAdvisory(*alma, "ALBA-2022:8256");
  ASSERT_NE(qatzip, nullptr);
  EXPECT_EQ(qatzip->affected[0].ecosystem, "AlmaLinux:9");
  EXPECT_EQ(qatzip->affected[0].package, "qatzip");
  EXPECT_EQ(qatzip->affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.0.9-1.el9", "", "ECOSYSTEM"}}));

  auto zip = ReadOsvFeed(TestData("aquasecurity+vuln-list-update/osvdev/testdata/go/all.zip"));
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  EXPECT_EQ(zip->info.advisories, 3u);
  EXPECT_NE(FindAdvisory(*zip, "GO-2021-0059"), nullptr);
}

}  // namespace
}  // namespace drydock
