// Red Hat CSAF VEX: claircore's real documents and written ones for the statuses they lack; expectations
// read off the JSON text by hand.
#include <gtest/gtest.h>

#include <algorithm>

#include "match/matcher.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::BuildAndOpen;
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

TEST(CsafVexFeedTest, NotAffectedAndDeletedDocumentsAddNothing) {
  for (const char* name : {"cve-2023-4154.json", "cve-2023-42670.json", "delete_CVE-2023-0030.json"}) {
    auto feed = ReadCsafVexFeed(Vex(name));
    ASSERT_TRUE(feed.has_value()) << name << ": " << feed.error().message;
    EXPECT_TRUE(feed->advisories.empty()) << name;
  }
  // A whole module as the component ("go-toolset:rhel8/go-toolset", purl version "rhel8", rpmmod
  // go-toolset:rhel8), known_affected for RHEL 8: filed under the stream's key, never under plain go-toolset.
  auto module = ReadCsafVexFeed(Vex("cve-2024-24786-illegal-module.json"));
  ASSERT_TRUE(module.has_value()) << module.error().message;
  ASSERT_EQ(module->advisories.size(), 1u);
  EXPECT_EQ(module->advisories[0].affected,
            (std::vector<Affected>{{"Red Hat:8", "go-toolset:rhel8::go-toolset", {{"0", "", ""}}, {}, "affected", "MEDIUM"}}));
  // AppStream-10: cri-tools is fixed only as an aarch64 binary (no SRPM), firefox-flatpak's rpmmod=rhel10
  // names no stream (left out, not filed as plain firefox-flatpak); good-pkg is known_affected with no
  // remediation.
  auto feed = ReadCsafVexFeed(Vex("cve-2024-24786-bad-rpmmod.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->advisories.size(), 1u);
  EXPECT_EQ(feed->advisories[0].affected,
            (std::vector<Affected>{{"Red Hat:10", "good-pkg", {{"0", "", ""}}, {}, "affected", "MEDIUM"}}));
  EXPECT_EQ(feed->advisories[0].severity, "MEDIUM");  // impact Moderate
}

std::string Acceptance(const std::string& name) { return TestData("quay+claircore/test/acceptance/testdata/" + name); }

// CVE-2025-40907 (claircore's acceptance document for a ubi8/perl-526 image): RHEL 8 ships perl-FCGI only in
// module stream perl-FCGI:0.78, fixed in AppStream-8.10.0.Z.MAIN.EUS (cpe enterprise_linux:8) by four SRPM
// builds, one per module context. The 8.2-8.8 AUS/E4S/TUS and 7 ELS streams are other products. RHEL 10's
// main streams carry a minor version (AppStream-10.0.Z is enterprise_linux:10.0) and count as RHEL 10.
TEST(CsafVexFeedTest, PerlFcgiModuleStreamFixes) {
  auto feed = ReadCsafVexFeed(Acceptance("cve-2025-40907-perl.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->advisories.size(), 3u);  // el10, el8, el9
  EXPECT_EQ(feed->advisories[0].data_source, "redhat-csaf-vex el10");
  EXPECT_EQ(feed->advisories[0].affected,
            (std::vector<Affected>{{"Red Hat:10", "perl-FCGI", {{"0", "1:0.82-13.1.el10_0", ""}}, {}, "fixed", "HIGH"}}));
  const Advisory& el8 = feed->advisories[1];
  EXPECT_EQ(el8.data_source, "redhat-csaf-vex el8");
  EXPECT_EQ(el8.severity, "HIGH");  // Important
  EXPECT_EQ(el8.affected, (std::vector<Affected>{{"Red Hat:8",
                                                  "perl-FCGI:0.78::perl-FCGI",
                                                  {{"0", "1:0.78-12.module+el8.10.0+23147+20b7d289", ""},
                                                   {"0", "1:0.78-12.module+el8.10.0+23147+63faba8d", ""},
                                                   {"0", "1:0.78-12.module+el8.10.0+23147+95b68fad", ""},
                                                   {"0", "1:0.78-12.module+el8.10.0+23147+df114ff4", ""}},
                                                  {},
                                                  "fixed",
                                                  "HIGH"}}));
  // RHEL 9 ships it outside any module: the plain name.
  EXPECT_EQ(feed->advisories[2].affected,
            (std::vector<Affected>{{"Red Hat:9", "perl-FCGI", {{"0", "1:0.79-8.1.el9_6", ""}}, {}, "fixed", "HIGH"}}));
}

// CVE-2026-2297: known_affected module components whose rpmmod has no version or context
// ("python39-devel:3.9"), beside non-modular ones of the same RHEL 8 product.
TEST(CsafVexFeedTest, RpmmodWithoutVersion) {
  auto feed = ReadCsafVexFeed(Acceptance("cve-2026-2297.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  const Advisory* el8 = nullptr;
  for (const Advisory& a : feed->advisories) {
    if (a.data_source == "redhat-csaf-vex el8") el8 = &a;
  }
  ASSERT_NE(el8, nullptr);
  auto find = [&](const std::string& package) -> const Affected* {
    for (const Affected& a : el8->affected) {
      if (a.package == package) return &a;
    }
    return nullptr;
  };
  ASSERT_NE(find("python39-devel:3.9::PyYAML"), nullptr);
  EXPECT_EQ(find("python39-devel:3.9::PyYAML")->ranges, (std::vector<AffectedRange>{{"0", "", ""}}));
  ASSERT_NE(find("python36:3.6::python-PyMySQL"), nullptr);
  ASSERT_NE(find("python39-devel:3.9::python-PyMySQL"), nullptr);
  ASSERT_NE(find("python36:3.6::python36"), nullptr);  // component "python36.src::python36:3.6"
  EXPECT_NE(find("platform-python"), nullptr);        // not in a module: the plain name
  EXPECT_EQ(find("PyYAML"), nullptr);                 // never the module's packages under their plain names
  EXPECT_EQ(find("python-PyMySQL"), nullptr);
  for (const Affected& a : el8->affected) {
    if (a.package.find("::") == std::string::npos) continue;
    const std::string module = a.package.substr(0, a.package.find("::"));
    EXPECT_TRUE(module == "python36:3.6" || module == "python39-devel:3.9") << a.package;
  }
  // RHEL 10's python3 is known_affected with the remediation "none_available: Fix deferred".
  const Advisory* el10 = nullptr;
  for (const Advisory& a : feed->advisories) {
    if (a.data_source == "redhat-csaf-vex el10") el10 = &a;
  }
  ASSERT_NE(el10, nullptr);
  const auto python3 = std::find_if(el10->affected.begin(), el10->affected.end(),
                                    [](const Affected& a) { return a.package == "python3"; });
  ASSERT_NE(python3, el10->affected.end());
  EXPECT_EQ(python3->status, "fix_deferred");
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
  EXPECT_EQ((*advisories)[0].severity, "LOW");  // no impact for rhel7: the aggregate, and no entry rating
  EXPECT_EQ((*advisories)[1].affected, (std::vector<Affected>{{"Red Hat:8", "libx", {{"0", "", ""}}, {}, "will_not_fix", "MEDIUM"}}));
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
  auto db = BuildAndOpen(*feed, dir);
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

// What claircore's cve-2025-40907.csv expects of its ubi8/perl-526 image (perl-FCGI from perl-FCGI:0.78 older
// than the RHEL 8.10 fix: affected, fixed by 1:0.78-12.module+el8.10.0+23147+95b68fad), through a compiled DB;
// a perl-FCGI outside the module, or at any context's fixed build, is not reported.
TEST(CsafVexFeedTest, Ubi8PerlFcgiMatchedByModuleStream) {
  auto feed = ReadCsafVexFeed(Acceptance("cve-2025-40907-perl.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  TempDir dir;
  auto db = BuildAndOpen(*feed, dir);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  const AdvisoryLookup lookup = [&](std::string_view e, std::string_view p) { return (*db)->Lookup(e, p); };
  auto perl_fcgi = [](std::string version, std::string module) {
    Package p;
    p.id = "rpm:perl-FCGI@" + version;
    p.name = p.source_name = "perl-FCGI";
    p.version = std::move(version);
    p.ecosystem = "rpm";
    p.module = std::move(module);
    return p;
  };
  const Distro ubi8{"rhel", "8.10", "", "Red Hat Enterprise Linux 8.10 (Ootpa)"};
  const auto findings = MatchPackages(
      {perl_fcgi("1:0.78-11.module+el8.8.0+23188+f6366248.1", "perl-FCGI:0.78"),
       perl_fcgi("1:0.78-12.module+el8.10.0+23147+20b7d289", "perl-FCGI:0.78"),
       perl_fcgi("1:0.78-11.el8", "")},
      ubi8, lookup);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "CVE-2025-40907");
  EXPECT_EQ(findings[0].package_id, "rpm:perl-FCGI@1:0.78-11.module+el8.8.0+23188+f6366248.1");
  EXPECT_EQ(findings[0].fixed_version, "1:0.78-12.module+el8.10.0+23147+95b68fad");
  EXPECT_EQ(findings[0].match.by, "module:source_name");
  EXPECT_EQ(findings[0].match.record, "redhat-csaf-vex el8 perl-FCGI:0.78::perl-FCGI");
}

}  // namespace
}  // namespace drydock
