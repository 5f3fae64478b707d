// secdb: real Alpine YAML and JSON, Wolfi/Chainguard/MinimOS JSON; expectations read off the files by hand.
#include <gtest/gtest.h>

#include "common/file.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::FindAdvisory;
using testing::TestData;

const Affected* FindAffected(const Advisory& advisory, std::string_view package) {
  for (const Affected& affected : advisory.affected) {
    if (affected.package == package) return &affected;
  }
  return nullptr;
}

TEST(SecdbIdsTest, SplitsIdsAndDropsComments) {
  using Ids = std::vector<std::string>;
  EXPECT_EQ(SplitSecdbIds("CVE-2019-14697"), Ids{"CVE-2019-14697"});
  EXPECT_EQ(SplitSecdbIds("CVE-2017-8904 XSA-214"), (Ids{"CVE-2017-8904", "XSA-214"}));
  EXPECT_EQ(SplitSecdbIds("CVE-2018-14462 (ICMP)"), Ids{"CVE-2018-14462"});
  EXPECT_EQ(SplitSecdbIds("CVE-2018-10103 (SMB - partially fixed, but SMB printing disabled)"),
            Ids{"CVE-2018-10103"});
  EXPECT_EQ(SplitSecdbIds("CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI"),
            (Ids{"CVE-2017-5753", "CVE-2017-5715", "CVE-2017-5754", "XSA-254"}));
  EXPECT_EQ(SplitSecdbIds("CVE-2020-1 # comment CVE-2020-2"), Ids{"CVE-2020-1"});
  EXPECT_EQ(SplitSecdbIds("CVE-2020-1, CVE-2020-2"), (Ids{"CVE-2020-1", "CVE-2020-2"}));
  EXPECT_EQ(SplitSecdbIds("wnpa-sec-2017-18"), Ids{"wnpa-sec-2017-18"});
  EXPECT_TRUE(SplitSecdbIds("").empty());
  EXPECT_TRUE(SplitSecdbIds("(nothing)").empty());
  EXPECT_TRUE(SplitSecdbIds("XPTI - see upstream").empty());
}

TEST(SecdbFeedTest, AlpineV310MainYaml) {
  auto feed = ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.10/main.yaml"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.name, "alpine-secdb");
  EXPECT_EQ(feed->info.skipped, 0u);
  EXPECT_GT(feed->info.advisories, 1000u);

  auto musl = FindAdvisory(*feed, "CVE-2019-14697");  // main.yaml line 1130
  ASSERT_NE(musl, nullptr);
  EXPECT_EQ(musl->data_source, "alpine-secdb v3.10/main");
  EXPECT_EQ(musl->severity, "UNKNOWN");
  EXPECT_EQ(musl->severity_source, "");
  ASSERT_EQ(musl->affected.size(), 1u);
  EXPECT_EQ(musl->affected[0], (Affected{"Alpine:v3.10", "musl", {{"0", "1.1.22-r3", ""}}, {}, "fixed"}));

  // One CVE fixed in two packages is one advisory with two affected entries.
  auto http2 = FindAdvisory(*feed, "CVE-2019-9517");
  ASSERT_NE(http2, nullptr);
  ASSERT_NE(FindAffected(*http2, "apache2"), nullptr);
  EXPECT_EQ(FindAffected(*http2, "apache2")->ranges, (std::vector<AffectedRange>{{"0", "2.4.41-r0", ""}}));
  ASSERT_NE(FindAffected(*http2, "nodejs"), nullptr);
  EXPECT_EQ(FindAffected(*http2, "nodejs")->ranges, (std::vector<AffectedRange>{{"0", "10.16.3-r0", ""}}));

  auto tcpdump = FindAdvisory(*feed, "CVE-2018-14462");  // "CVE-2018-14462 (ICMP)"
  ASSERT_NE(tcpdump, nullptr);
  EXPECT_EQ(tcpdump->affected[0].ranges, (std::vector<AffectedRange>{{"0", "4.9.3-r0", ""}}));

  auto xsa = FindAdvisory(*feed, "XSA-207");  // alone on its line: its own advisory
  ASSERT_NE(xsa, nullptr);
  EXPECT_EQ(xsa->affected[0].ranges, (std::vector<AffectedRange>{{"0", "4.7.1-r5", ""}}));
  auto xen = FindAdvisory(*feed, "CVE-2017-2615");  // "CVE-2017-2615 XSA-208"
  ASSERT_NE(xen, nullptr);
  EXPECT_EQ(xen->aliases, std::vector<std::string>{"XSA-208"});
  EXPECT_EQ(FindAdvisory(*feed, "XSA-208"), nullptr);
}

TEST(SecdbFeedTest, AlpineCommunityYamlAndJson) {
  auto community = ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.10/community.yaml"));
  ASSERT_TRUE(community.has_value()) << community.error().message;
  ASSERT_FALSE(community->compact.empty());
  EXPECT_EQ(community->compact[0].data_source, "alpine-secdb v3.10/community");

  auto json = ReadSecdbFeed(TestData("aquasecurity+vuln-list-update/alpine/testdata/311-main.json"));
  ASSERT_TRUE(json.has_value()) << json.error().message;
  auto apache = FindAdvisory(*json, "CVE-2018-1333");
  ASSERT_NE(apache, nullptr);
  EXPECT_EQ(apache->data_source, "alpine-secdb v3.11/main");
  EXPECT_EQ(apache->affected[0], (Affected{"Alpine:v3.11", "apache2", {{"0", "2.4.34-r0", ""}}, {}, "fixed"}));
}

// v3.3/community.yaml has `packages:` and nothing under it: a repo with no fixes yet, not a broken file.
TEST(SecdbFeedTest, RepoWithNoFixesYetIsAnEmptyFeed) {
  auto empty = ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.3/community.yaml"));
  ASSERT_TRUE(empty.has_value()) << empty.error().message;
  EXPECT_TRUE(empty->compact.empty());
  EXPECT_TRUE(empty->warnings.empty());
  // The JSON form secdb.alpinelinux.org serves for such a repo writes `"packages": {}`.
  auto json = ReadSecdbFeed(TestData("aquasecurity+vuln-list-update/alpine/testdata/311-community.json"));
  ASSERT_TRUE(json.has_value()) << json.error().message;
  EXPECT_TRUE(json->compact.empty());
  EXPECT_FALSE(ParseSecdb(R"({"packages": {"x": 1}, "distroversion": "v3.3"})"));
  // ...and a version with no ids yet as `"2.8.0-r0": {}` (v3.12/main.json's ansible): a fix with no ids.
  auto v312 = ParseSecdb(ReadFileBounded(TestData("aquasecurity+vuln-list-update/alpine/testdata/312-main.json"), 1 << 20).value());
  ASSERT_TRUE(v312.has_value()) << v312.error().message;
  EXPECT_TRUE(v312->warnings.empty());
  ASSERT_EQ(v312->packages.size(), 1u);
  EXPECT_EQ(v312->packages[0].fixes.size(), 2u);
}

std::string Fixture(const std::string& distro) {
  return TestData("anchore+vunnel/tests/unit/providers/" + distro + "/test-fixtures/input/secdb/security.json");
}

TEST(SecdbFeedTest, WolfiChainguardMinimos) {
  auto wolfi = ReadSecdbFeed(Fixture("wolfi"));
  ASSERT_TRUE(wolfi.has_value()) << wolfi.error().message;
  EXPECT_EQ(wolfi->info.name, "wolfi-secdb");
  auto binutils = FindAdvisory(*wolfi, "CVE-2022-38126");
  ASSERT_NE(binutils, nullptr);
  EXPECT_EQ(binutils->data_source, "wolfi-secdb os");
  EXPECT_EQ(binutils->affected[0], (Affected{"Wolfi", "binutils", {{"0", "2.39-r1", ""}}, {}, "fixed"}));
  // coreutils lists CVE-2016-2781 under "0": never affected, so no entry at all.
  auto coreutils = FindAdvisory(*wolfi, "CVE-2016-2781");
  if (coreutils) {
    EXPECT_EQ(FindAffected(*coreutils, "coreutils"), nullptr);
  }

  auto chainguard = ReadSecdbFeed(Fixture("chainguard"));
  ASSERT_TRUE(chainguard.has_value()) << chainguard.error().message;
  auto grafana = FindAdvisory(*chainguard, "CVE-2021-36156");
  ASSERT_NE(grafana, nullptr);
  EXPECT_EQ(grafana->affected[0], (Affected{"Chainguard", "grafana", {{"0", "7.5.19-r0", ""}}, {}, "fixed"}));

  auto minimos = ReadSecdbFeed(Fixture("minimos"));
  ASSERT_TRUE(minimos.has_value()) << minimos.error().message;
  ASSERT_NE(FindAdvisory(*minimos, "CVE-2022-38126"), nullptr);
  EXPECT_EQ(FindAdvisory(*minimos, "CVE-2022-38126")->affected[0].ecosystem, "MinimOS");
}

TEST(SecdbFeedTest, UnknownRollingDistroNeedsAnOverride) {
  testing::TempDir dir;
  const std::string path = dir.Write("security.json", R"({"reponame": "os", "urlprefix": "https://apk.example.com",
    "packages": [{"pkg": {"name": "zlib", "secfixes": {"1.3-r1": ["CVE-2023-45853"]}}}]})");
  auto detected = ReadSecdbFeed(path);
  ASSERT_FALSE(detected.has_value());
  EXPECT_NE(detected.error().message.find("names no known distro"), std::string::npos) << detected.error().message;
  auto forced = ReadSecdbFeedAs(path, "Wolfi");
  ASSERT_TRUE(forced.has_value()) << forced.error().message;
  EXPECT_EQ(forced->compact[0].affected[0].ecosystem, "Wolfi");
}

// Issue 18: an id that is not UTF-8 was dropped while the feed said "0 skipped".
TEST(SecdbFeedTest, InvalidUtf8IdIsCountedAndNamed) {
  testing::TempDir dir;
  const std::string path = dir.Write("main.yaml", "distroversion: v3.10\nreponame: main\n"
                                                  "urlprefix: http://dl-cdn.alpinelinux.org/alpine\npackages:\n"
                                                  "  - pkg:\n      name: musl\n      secfixes:\n"
                                                  "        1.1.22-r3:\n          - CVE-2019-14697\n"
                                                  "          - \"CVE-2020-\xff\xfe" "28928\"\n");
  auto feed = ReadSecdbFeed(path);
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 1u);
  ASSERT_EQ(feed->warnings.size(), 1u);
  EXPECT_EQ(feed->warnings[0], path + ": musl 1.1.22-r3: id \"CVE-2020-\\xff\\xfe28928\" is not valid UTF-8; skipped");
  ASSERT_EQ(feed->compact.size(), 1u);
  EXPECT_EQ(feed->compact[0].id, "CVE-2019-14697");
}

// Issue 18: one CVE shared by N packages cost N^2 (300k packages: 110 s). Correctness at a size where the old
// cost shows (bench/ has the timing): every package is one Affected entry of the one advisory, in file order.
TEST(SecdbFeedTest, OneCveSharedByManyPackages) {
  constexpr std::size_t kPackages = 50'000;
  std::string json = R"({"distroversion": "v3.19", "reponame": "main", "urlprefix": "x", "packages": [)";
  for (std::size_t i = 0; i < kPackages; ++i) {
    json += fmt::format(R"({}{{"pkg": {{"name": "p{}", "secfixes": {{"1.0-r1": ["CVE-2024-0001"], "1.1-r0": ["CVE-2024-0001"]}}}}}})",
                        i == 0 ? "" : ",", i);
  }
  json += "]}";
  testing::TempDir dir;
  auto feed = ReadSecdbFeed(dir.Write("main.json", json));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->compact.size(), 1u);
  const Advisory& advisory = feed->compact[0];
  ASSERT_EQ(advisory.affected.size(), kPackages);
  EXPECT_EQ(advisory.affected[0].package, "p0");
  EXPECT_EQ(advisory.affected[kPackages - 1].package, fmt::format("p{}", kPackages - 1));
  ASSERT_EQ(advisory.affected[7].ranges.size(), 2u);
  EXPECT_EQ(advisory.affected[7].ranges[1].fixed, "1.1-r0");
}

}  // namespace
}  // namespace drydock
