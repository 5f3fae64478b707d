// Real records through BuildDb, VulnDb::Lookup and MatchPackages: advisories of one vulnerability make one
// finding, every applicable fix is offered, and the rating follows the precedence (match/severity.h).
#include <gtest/gtest.h>

#include <algorithm>

#include "match/matcher.h"
#include "vulndb/alias_groups.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TestData;

constexpr const char* kGhsa = "github+advisory-database/advisories/github-reviewed/";
constexpr const char* kPypa = "pypa+advisory-database/vulns/";

FeedData Feed(Result<FeedData> feed) {
  EXPECT_TRUE(feed.has_value()) << feed.error().message;
  return feed.value_or(FeedData{});
}

// Builds the feeds into a DB under `dir` and matches `packages` with it.
std::vector<Finding> Scan(const std::vector<FeedData>& feeds, const std::vector<Package>& packages,
                          const Distro& distro = {}, const MatchOptions& options = {}) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/drydock.db";
  auto built = BuildDb(feeds, path);
  EXPECT_TRUE(built.has_value()) << built.error().message;
  auto db = VulnDb::Open(path);
  EXPECT_TRUE(db.has_value()) << db.error().message;
  if (!db) return {};
  return MatchPackages(packages, distro,
                       [&](std::string_view ecosystem, std::string_view name) { return (*db)->Lookup(ecosystem, name); },
                       options);
}

Package Pypi(std::string name, std::string version) {
  return Package{"pypi:" + name + "@" + version, name, version, "pypi"};
}

TEST(OneFindingPerVulnerabilityTest, PysecAndGhsaOfOneCveAreOneFinding) {
  const std::vector<FeedData> feeds = {
      Feed(ReadOsvFeed(TestData(std::string(kPypa) + "requests/PYSEC-2023-74.yaml"))),
      Feed(ReadOsvFeed(TestData(std::string(kGhsa) + "2023/05/GHSA-j8r2-6x86-q33q/GHSA-j8r2-6x86-q33q.json")))};
  const auto findings = Scan(feeds, {Pypi("requests", "2.30.0")});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.id, "CVE-2023-32681");  // the CVE, as Trivy prints it, though no record has it as its id
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"}));
  // PyPA rates nothing; GitHub says MODERATE (database_specific.severity) with a v3.1 vector.
  EXPECT_EQ(f.severity, "MEDIUM");
  EXPECT_EQ(f.severity_source, "ghsa");
  EXPECT_EQ(f.cvss, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N");
  EXPECT_EQ(f.fixed_version, "2.31.0");
  EXPECT_NE(f.match.record.find("also "), std::string::npos) << f.match.record;
}

TEST(OneFindingPerVulnerabilityTest, EveryFixAboveTheInstalledVersionNewestFirst) {
  const std::vector<FeedData> feeds = {
      Feed(ReadOsvFeed(TestData(std::string(kPypa) + "urllib3/PYSEC-2023-192.yaml"))),
      Feed(ReadOsvFeed(TestData(std::string(kGhsa) + "2023/10/GHSA-v845-jxx5-vc9f/GHSA-v845-jxx5-vc9f.json")))};
  const auto findings = Scan(feeds, {Pypi("urllib3", "1.26.5"), Pypi("urllib3", "2.0.2")});
  ASSERT_EQ(findings.size(), 2u);  // one per installed version, each one CVE-2023-43804
  for (const Finding& f : findings) {
    EXPECT_EQ(f.id, "CVE-2023-43804");
    EXPECT_EQ(f.aliases, (std::vector<std::string>{"GHSA-v845-jxx5-vc9f", "PYSEC-2023-192"}));
  }
  // 1.26.5: its own branch's fix and the 2.0 branch's; 2.0.2: only 2.0.6 (1.26.17 would be a downgrade).
  EXPECT_EQ(findings[0].fixed_version, "2.0.6, 1.26.17");
  EXPECT_EQ(findings[1].fixed_version, "2.0.6");
}

TEST(AliasGroupsTest, BundlesJoinNoGroup) {
  Advisory bundle{"DSA-1", {"CVE-2020-1", "CVE-2020-2", "CVE-2020-3", "CVE-2020-4"}};
  Advisory one{"GHSA-1", {"CVE-2020-1"}};
  Advisory two{"GHSA-2", {"CVE-2020-2"}};
  const AliasGroups groups = GroupAdvisories({bundle, one, two}, {});
  EXPECT_EQ(groups.of_advisory[0], 0u);
  EXPECT_EQ(groups.of_advisory[1], 0u);  // alone once the bundle is left out, and nothing else is known
  EXPECT_EQ(groups.of_advisory[2], 0u);
  Advisory same{"PYSEC-1", {"CVE-2020-1", "GHSA-1"}};
  const AliasGroups merged = GroupAdvisories({bundle, one, two, same}, {});
  EXPECT_NE(merged.of_advisory[1], 0u);
  EXPECT_EQ(merged.of_advisory[1], merged.of_advisory[3]);
  EXPECT_NE(merged.of_advisory[2], merged.of_advisory[1]);
}

// runc's GO-2023-1627 rates nothing itself; its CVE has a CISA ADP rating in vulnrichment.
class CveRatingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_ = {Feed(ReadOsvFeed(TestData("golang+vulndb/data/osv/GO-2023-1627.json"))),
              Feed(ReadCve5Feed(TestData("cisagov+vulnrichment/2023/27xxx/CVE-2023-27561.json")))};
  }
  std::vector<Finding> ScanRunc(const MatchOptions& options = {}) {
    return Scan(feeds_, {Package{"golang:runc", "github.com/opencontainers/runc", "v1.1.4", "golang"}}, {}, options);
  }
  // An NVD per-CVE file as the API serves one CVE (written here: the shared NVD fixtures are other CVEs).
  void AddNvd(std::string_view severity) {
    auto nvd = ParseNvdJson(fmt::format(R"({{"cve": {{"id": "CVE-2023-27561", "metrics": {{"cvssMetricV31": [
        {{"type": "Primary", "cvssData": {{"vectorString": "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H",
                                          "baseSeverity": "{}"}}}}]}}}}}})", severity), nullptr);
    ASSERT_TRUE(nvd.has_value()) << nvd.error().message;
    FeedData feed;
    feed.enrichments = std::move(*nvd);
    feeds_.push_back(std::move(feed));
  }
  std::vector<FeedData> feeds_;
};

TEST_F(CveRatingTest, CisaAdpRatesWhatNoRecordDoes) {
  const auto findings = ScanRunc();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "CVE-2023-27561");
  EXPECT_EQ(findings[0].severity, "HIGH");
  EXPECT_EQ(findings[0].severity_source, "cisa-adp");
  EXPECT_EQ(findings[0].cvss, "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H");
}

TEST_F(CveRatingTest, NvdComesBeforeTheCveRecordUnlessTheOrderSaysOtherwise) {
  AddNvd("MEDIUM");
  auto findings = ScanRunc();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, "MEDIUM");
  EXPECT_EQ(findings[0].severity_source, "nvd");
  findings = ScanRunc(MatchOptions{{"cisa-adp", "nvd"}});
  EXPECT_EQ(findings[0].severity, "HIGH");
  EXPECT_EQ(findings[0].severity_source, "cisa-adp");
  findings = ScanRunc(MatchOptions{{"ghsa"}});  // no GHSA record in this DB: nothing the order accepts
  EXPECT_EQ(findings[0].severity, "UNKNOWN");
  EXPECT_EQ(findings[0].severity_source, "");
  findings = ScanRunc(MatchOptions{{"ghsa", "auto"}});
  EXPECT_EQ(findings[0].severity_source, "nvd");
}

TEST(ExploitationTest, KevAndEpssReachTheFinding) {
  // Airflow's PYSEC-2020-18 is CVE-2020-13927, which CISA lists in KEV (vulnrichment's one KEV record).
  FeedData epss = Feed(ReadEpssFeed(TestData("quay+claircore/enricher/epss/testdata/data.csv")));
  auto scores = ParseEpssCsv("cve,epss,percentile\nCVE-2020-13927,0.97011,0.99789\n", nullptr);
  ASSERT_TRUE(scores.has_value());
  epss.enrichments.insert(epss.enrichments.end(), scores->begin(), scores->end());
  const std::vector<FeedData> feeds = {
      Feed(ReadOsvFeed(TestData(std::string(kPypa) + "apache-airflow/PYSEC-2020-18.yaml"))),
      Feed(ReadCve5Feed(TestData("cisagov+vulnrichment/2020/13xxx/CVE-2020-13927.json"))), epss};
  const auto findings = Scan(feeds, {Pypi("apache-airflow", "1.10.10")});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_TRUE(findings[0].kev);
  ASSERT_TRUE(findings[0].epss.has_value());
  EXPECT_NEAR(*findings[0].epss, 0.97011, 1e-6);  // stored as a float
  EXPECT_EQ(findings[0].severity, "CRITICAL");
  EXPECT_EQ(findings[0].severity_source, "cisa-adp");
}

// A record rating each ecosystem's package on its own entry (OSV affected[].ecosystem_specific.severity),
// as a CVE record covering Photon and Debian does. Written here: no shared record rates entries differently.
constexpr std::string_view kPerEntryRecord = R"({"id": "CVE-2024-0001", "database_specific": {"severity": "CRITICAL"},
  "affected": [
    {"package": {"ecosystem": "Photon OS:5.0", "name": "curl"}, "ecosystem_specific": {"severity": "HIGH"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "8.0.0-1.ph5"}]}]},
    {"package": {"ecosystem": "Debian:12", "name": "curl"}, "ecosystem_specific": {"severity": "low"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.88.1-10+deb12u5"}]}]},
    {"package": {"ecosystem": "Debian:11", "name": "curl"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.74.0-1.3+deb11u11"}]}]}]})";

TEST(PerEntrySeverityTest, TheEntrysRatingWinsOverTheRecords) {
  auto record = ParseOsvRecord(kPerEntryRecord);
  ASSERT_TRUE(record.has_value() && record->has_value());
  FeedData feed;
  feed.advisories.push_back(**record);
  const Package curl{"deb:curl", "curl", "7.88.1-10+deb12u4", "deb", "curl"};
  auto findings = Scan({feed}, {curl}, Distro{"debian", "12"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, "LOW");
  EXPECT_EQ(findings[0].severity_source, "osv:Debian");
  // Debian 11's entry rates nothing: the record-wide rating applies.
  const Package old_curl{"deb:curl", "curl", "7.74.0-1.3+deb11u10", "deb", "curl"};
  findings = Scan({feed}, {old_curl}, Distro{"debian", "11"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, "CRITICAL");
  // --severity-source: Debian's word by name; NVD has none here.
  findings = Scan({feed}, {curl}, Distro{"debian", "12"}, MatchOptions{{"nvd", "debian"}});
  EXPECT_EQ(findings[0].severity, "LOW");
  findings = Scan({feed}, {curl}, Distro{"debian", "12"}, MatchOptions{{"nvd"}});
  EXPECT_EQ(findings[0].severity, "UNKNOWN");
}

TEST(PerEntrySeverityTest, DebianTrackerKeepsEachPackagesUrgency) {
  FeedData feed = Feed(ReadDebianTrackerFeed(
      TestData("anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json")));
  std::size_t rated = 0;
  for (const Advisory& a : feed.compact) {
    for (const Affected& entry : a.affected) {
      if (entry.severity.empty()) continue;
      ++rated;
      EXPECT_EQ(entry.severity, a.severity) << a.id;  // one package per CVE and release in this sample
    }
  }
  EXPECT_GT(rated, 0u);
}

TEST(RedHatOsvTest, EcosystemNamesLandUnderTheRhelMajor) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Red Hat:enterprise_linux:7::server", "Red Hat:7"},
      {"Red Hat:enterprise_linux:7::workstation", "Red Hat:7"},
      {"Red Hat:enterprise_linux:8::appstream", "Red Hat:8"},
      {"Red Hat:enterprise_linux:9::crb", "Red Hat:9"},
      {"Red Hat:enterprise_linux:10.0::appstream", "Red Hat:10"},  // RHEL 10's minor-versioned main stream
      {"Red Hat:rhel_e4s:9.2::appstream", "Red Hat:rhel_e4s:9.2::appstream"},  // osv.dev's CVE-5 example
      {"Red Hat:rhel_aus:8.4::appstream", "Red Hat:rhel_aus:8.4::appstream"},  // ecosystems.json's example
      {"Red Hat:enterprise_linux:8.0::appstream", "Red Hat:enterprise_linux:8.0::appstream"},  // a GA snapshot
      {"Ubuntu:22.04:LTS", "Ubuntu:22.04"},
      {"Debian:12", "Debian:12"},
  };
  for (const auto& [osv, key] : cases) EXPECT_EQ(NormalizeOsvEcosystem(osv), key) << osv;
}

// Red Hat's OSV form (osv.dev's Red Hat records): RHEL 7 server's openssl, and a module stream's entry whose
// purl carries rpmmod, as the CSAF VEX of the same advisory does. Written here: no shared record uses it.
constexpr std::string_view kRedHatRecord = R"({"id": "RHSA-2020:5566", "aliases": ["CVE-2020-1971"],
  "affected": [
    {"package": {"ecosystem": "Red Hat:enterprise_linux:7::server", "name": "openssl",
                 "purl": "pkg:rpm/redhat/openssl@1.0.2k-21.el7_9?arch=src&epoch=1"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:1.0.2k-21.el7_9"}]}]},
    {"package": {"ecosystem": "Red Hat:enterprise_linux:8::appstream", "name": "perl-FCGI",
                 "purl": "pkg:rpm/redhat/perl-FCGI@0.78-12.module%2Bel8?arch=src&rpmmod=perl-FCGI:0.78:8100020250529111022:491cfe3d"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:0.78-12.module+el8"}]}]},
    {"package": {"ecosystem": "Red Hat:enterprise_linux:10.0::appstream", "name": "perl-FCGI",
                 "purl": "pkg:rpm/redhat/perl-FCGI@0.79-1.el10?arch=src&rpmmod=rhel10"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.79-1.el10"}]}]}]})";

TEST(RedHatOsvTest, RecordsAreLookedUpAndModulesKeyedApart) {
  auto record = ParseOsvRecord(kRedHatRecord);
  ASSERT_TRUE(record.has_value()) << record.error().message;
  ASSERT_TRUE(record->has_value());
  const Advisory& advisory = **record;
  ASSERT_EQ(advisory.affected.size(), 2u);  // the rpmmod naming no stream is left out
  EXPECT_EQ(advisory.affected[0].ecosystem, "Red Hat:7");
  EXPECT_EQ(advisory.affected[1].ecosystem, "Red Hat:8");
  EXPECT_EQ(advisory.affected[1].package, "perl-FCGI:0.78::perl-FCGI");
  FeedData feed;
  feed.advisories.push_back(advisory);
  Package openssl{"rpm:openssl-libs", "openssl-libs", "1:1.0.2k-19.el7", "rpm", "openssl", "1:1.0.2k-19.el7"};
  auto findings = Scan({feed}, {openssl}, Distro{"rhel", "7.9"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "CVE-2020-1971");
  EXPECT_EQ(findings[0].match.ecosystem, "Red Hat:7");
  EXPECT_EQ(findings[0].fixed_version, "1:1.0.2k-21.el7_9");
  // The plain perl-FCGI of RHEL 8 is not the module's.
  Package fcgi{"rpm:perl-FCGI", "perl-FCGI", "1:0.78-11.el8", "rpm", "perl-FCGI", "1:0.78-11.el8"};
  EXPECT_TRUE(Scan({feed}, {fcgi}, Distro{"rhel", "8.10"}).empty());
}

}  // namespace
}  // namespace drydock
