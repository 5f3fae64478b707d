// Red Hat CSAF VEX: claircore's real documents and written ones for the statuses they lack; expectations
// read off the JSON text by hand.
#include <gtest/gtest.h>

#include "match/matcher.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TempDir;
using testing::TestData;

std::string Vex(const std::string& name) { return TestData("quay+claircore/rhel/vex/testdata/" + name); }

TEST(CsafVexFeedTest, CurlFixedOnlyInRhelStreams) {
  auto feed = ReadCsafVexFeed(Vex("cve-2023-38545.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.name, "redhat-csaf-vex");
  // RHEL 6/7/8 curl are known_not_affected; Satellite, JBCS and the rhel_eus:9.0 stream are other products.
  ASSERT_EQ(feed->advisories.size(), 1u);
  const Advisory& curl = feed->advisories[0];
  EXPECT_EQ(curl.id, "CVE-2023-38545");
  EXPECT_EQ(curl.data_source, "redhat-csaf-vex el9");
  EXPECT_EQ(curl.severity, "HIGH");  // threats impact "Important"
  EXPECT_EQ(curl.severity_source, "redhat-csaf-vex");
  // AppStream/BaseOS 9.2.0.Z.MAIN.EUS and 9.3.0.Z.MAIN (both cpe enterprise_linux:9) fix the curl SRPM,
  // in the order the fixed list names them.
  ASSERT_EQ(curl.affected.size(), 1u);
  EXPECT_EQ(curl.affected[0].ecosystem, "Red Hat:9");
  EXPECT_EQ(curl.affected[0].package, "curl");
  EXPECT_EQ(curl.affected[0].status, "fixed");
  EXPECT_EQ(curl.affected[0].ranges,
            (std::vector<AffectedRange>{{"0", "7.76.1-23.el9_2.4", ""}, {"0", "7.76.1-26.el9_3.2", ""}}));
}

TEST(CsafVexFeedTest, NotAffectedDeletedAndModuleDocumentsAddNothing) {
  for (const char* name : {"cve-2023-4154.json", "cve-2023-42670.json", "delete_CVE-2023-0030.json",
                           "cve-2024-24786-illegal-module.json"}) {
    auto feed = ReadCsafVexFeed(Vex(name));
    ASSERT_TRUE(feed.has_value()) << name << ": " << feed.error().message;
    EXPECT_TRUE(feed->advisories.empty()) << name;
  }
  // AppStream-10: cri-tools is fixed only as an aarch64 binary (no SRPM), firefox-flatpak is in a module
  // (rpmmod=rhel10); good-pkg is known_affected with no remediation.
  auto feed = ReadCsafVexFeed(Vex("cve-2024-24786-bad-rpmmod.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->advisories.size(), 1u);
  EXPECT_EQ(feed->advisories[0].affected,
            (std::vector<Affected>{{"Red Hat:10", "good-pkg", {{"0", "", ""}}, {}, "affected"}}));
  EXPECT_EQ(feed->advisories[0].severity, "MEDIUM");  // impact Moderate
}

constexpr std::string_view kWillNotFix = R"({
  "document": {"category": "csaf_vex", "aggregate_severity": {"text": "Low"}, "tracking": {"id": "CVE-2024-9"}},
  "product_tree": {"branches": [{"category": "vendor", "branches": [
      {"category": "product_name", "product": {"product_id": "rhel8",
        "product_identification_helper": {"cpe": "cpe:/o:redhat:enterprise_linux:8"}}},
      {"category": "product_name", "product": {"product_id": "rhel7",
        "product_identification_helper": {"cpe": "cpe:/o:redhat:enterprise_linux:7"}}},
      {"category": "product_name", "product": {"product_id": "rhel9",
        "product_identification_helper": {"cpe": "cpe:/o:redhat:enterprise_linux:9"}}},
      {"category": "product_version", "product": {"product_id": "libx-1:2.0-3.el9.src",
        "product_identification_helper": {"purl": "pkg:rpm/redhat/libx@2.0-3.el9?arch=src&epoch=1"}}}]}],
    "relationships": [
      {"full_product_name": {"product_id": "rhel8:libx"}, "product_reference": "libx", "relates_to_product_reference": "rhel8"},
      {"full_product_name": {"product_id": "rhel7:libx"}, "product_reference": "libx", "relates_to_product_reference": "rhel7"},
      {"full_product_name": {"product_id": "rhel9:libx-1:2.0-3.el9.src"}, "product_reference": "libx-1:2.0-3.el9.src",
       "relates_to_product_reference": "rhel9"}]},
  "vulnerabilities": [{"cve": "CVE-2024-9",
    "product_status": {"known_affected": ["rhel8:libx", "rhel7:libx"], "fixed": ["rhel9:libx-1:2.0-3.el9.src"]},
    "remediations": [{"category": "no_fix_planned", "details": "Will not fix", "product_ids": ["rhel8:libx"]},
                     {"category": "no_fix_planned", "details": "Out of support scope", "product_ids": ["rhel7:libx"]}],
    "threats": [{"category": "impact", "details": "Moderate", "product_ids": ["rhel8:libx"]}]}]})";

TEST(CsafVexFeedTest, RemediationsAndEpochs) {
  auto advisories = ParseCsafVex(kWillNotFix);
  ASSERT_TRUE(advisories.has_value()) << advisories.error().message;
  ASSERT_EQ(advisories->size(), 3u);  // el7, el8, el9 (ordered by major as text)
  EXPECT_EQ((*advisories)[0].affected, (std::vector<Affected>{{"Red Hat:7", "libx", {{"0", "", ""}}, {}, "end_of_life"}}));
  EXPECT_EQ((*advisories)[0].severity, "LOW");  // no impact for rhel7: the aggregate
  EXPECT_EQ((*advisories)[1].affected, (std::vector<Affected>{{"Red Hat:8", "libx", {{"0", "", ""}}, {}, "will_not_fix"}}));
  EXPECT_EQ((*advisories)[1].severity, "MEDIUM");
  EXPECT_EQ((*advisories)[2].affected, (std::vector<Affected>{{"Red Hat:9", "libx", {{"0", "1:2.0-3.el9", ""}}, {}, "fixed"}}));
}

TEST(CsafVexFeedTest, HostileInput) {
  for (std::string_view text : {"", "[]", "{}", "{\"document\": 1}", "{\"document\": {\"category\": \"csaf_base\"}}",
                                "{\"document\": {\"category\": \"csaf_vex\"}}", "{\"document\": {"}) {
    EXPECT_FALSE(ParseCsafVex(text).has_value()) << text;
  }
  // Wrong types inside are ignored field by field, never a crash.
  auto odd = ParseCsafVex(R"({"document": {"category": "csaf_vex"}, "product_tree": {"branches": 5,
      "relationships": [1, {"full_product_name": 2}]}, "vulnerabilities": [3, {"cve": 4},
      {"cve": "CVE-1", "product_status": {"fixed": [5, "x:y"], "known_affected": "z"}}]})");
  ASSERT_TRUE(odd.has_value()) << odd.error().message;
  EXPECT_TRUE(odd->empty());
  EXPECT_FALSE(ParseCsafVex(std::string(kMaxJsonDepth + 2, '[')).has_value());

  TempDir dir;
  dir.Write("a/good.json", kWillNotFix);
  dir.Write("a/bad.json", "{not json");
  auto feed = ReadCsafVexFeed(dir.path());
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 1u);
  EXPECT_EQ(feed->advisories.size(), 3u);
  EXPECT_FALSE(ReadCsafVexFeed(dir.path() + "/a/bad.json").has_value());
}

// A UBI 9 curl is judged by its source RPM against the RHEL 9 streams through a compiled DB.
TEST(CsafVexFeedTest, Ubi9CurlMatchedBySourceRpm) {
  auto feed = ReadCsafVexFeed(Vex("cve-2023-38545.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  TempDir dir;
  const std::string db_path = dir.path() + "/drydock.db";
  ASSERT_TRUE(BuildDb(std::span<const FeedData>(&*feed, 1), db_path).has_value());
  auto db = VulnDb::Open(db_path);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  const AdvisoryLookup lookup = [&](std::string_view e, std::string_view p) { return (*db)->Lookup(e, p); };
  auto libcurl = [](std::string version) {
    Package p;
    p.id = "rpm:libcurl-minimal@" + version;
    p.name = "libcurl-minimal";
    p.version = version;
    p.ecosystem = "rpm";
    p.source_name = "curl";
    return p;
  };
  const Distro ubi9{"rhel", "9.3", "", "Red Hat Enterprise Linux 9.3 (Plow)"};
  const auto findings = MatchPackages({libcurl("7.76.1-26.el9_3"), libcurl("7.76.1-26.el9_3.2")}, ubi9, lookup);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].package_id, "rpm:libcurl-minimal@7.76.1-26.el9_3");
  EXPECT_EQ(findings[0].fixed_version, "7.76.1-26.el9_3.2");
  EXPECT_EQ(findings[0].severity, "HIGH");
  // RHEL 8 curl was not affected: nothing is filed under Red Hat:8.
  EXPECT_TRUE(MatchPackages({libcurl("7.61.1-30.el8")}, Distro{"rhel", "8.9", "", ""}, lookup).empty());
}

}  // namespace
}  // namespace drydock
