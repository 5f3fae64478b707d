// NVD API 2.0, CVE JSON 5 (cvelistV5 and CISA vulnrichment), EPSS and KEV: real files in, one rating per
// source per CVE out; broken input is an error or a counted skip, never a crash.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/file.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TestData;

constexpr const char* kNvd = "anchore+vunnel/tests/unit/providers/nvd/test-fixtures/";
constexpr const char* kVulnrichment = "cisagov+vulnrichment/";

const CveEnrichment* Find(const std::vector<CveEnrichment>& all, std::string_view cve) {
  auto it = std::find_if(all.begin(), all.end(), [&](const CveEnrichment& e) { return e.cve == cve; });
  return it == all.end() ? nullptr : &*it;
}

std::string Read(const std::string& relative) {
  auto bytes = ReadFileBounded(TestData(relative), 64 << 20);
  EXPECT_TRUE(bytes.has_value()) << relative;
  return bytes.value_or("");
}

// The member `name` of a txtar archive (golang.org/x/tools/txtar), as the Go vulndb stores CVE records.
std::string TxtarMember(std::string_view archive, std::string_view name) {
  const std::string marker = fmt::format("-- {} --\n", name);
  const std::size_t start = archive.find(marker);
  if (start == std::string_view::npos) return "";
  archive.remove_prefix(start + marker.size());
  return std::string(archive.substr(0, archive.find("\n-- ")));
}

TEST(NvdFeedTest, PageRatesEachCveByNvdsOwnMetricFirst) {
  std::vector<std::string> warnings;
  auto cves = ParseNvdJson(Read(std::string(kNvd) + "full-page.json"), &warnings);
  ASSERT_TRUE(cves.has_value()) << cves.error().message;
  EXPECT_TRUE(warnings.empty());
  // 38 CVEs on the page; CVE-2023-43250, -45383 and -46009 await analysis with no metric at all.
  EXPECT_EQ(cves->size(), 35u);
  EXPECT_EQ(Find(*cves, "CVE-2023-43250"), nullptr);
  // NVD's Primary v3.1 HIGH, not netapp's Secondary MEDIUM.
  const CveEnrichment* primary = Find(*cves, "CVE-2023-45109");
  ASSERT_NE(primary, nullptr);
  ASSERT_EQ(primary->ratings.size(), 1u);
  EXPECT_EQ(primary->ratings[0].severity, "HIGH");
  EXPECT_EQ(primary->ratings[0].source, "nvd");
  EXPECT_EQ(primary->ratings[0].record, "CVE-2023-45109");
  // Awaiting analysis: the CNA's Secondary metric is all NVD has.
  const CveEnrichment* secondary = Find(*cves, "CVE-2023-5642");
  ASSERT_NE(secondary, nullptr);
  EXPECT_EQ(secondary->ratings[0].severity, "CRITICAL");
  EXPECT_FALSE(secondary->kev);
}

TEST(NvdFeedTest, SingleEntryPrefersV31OverV2) {
  auto cves = ParseNvdJson(Read(std::string(kNvd) + "single-entry.json"), nullptr);
  ASSERT_TRUE(cves.has_value()) << cves.error().message;
  ASSERT_EQ(cves->size(), 1u);
  EXPECT_EQ((*cves)[0].cve, "CVE-2022-1576");
  EXPECT_EQ((*cves)[0].ratings[0].cvss, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N");
  EXPECT_EQ((*cves)[0].ratings[0].severity, "MEDIUM");
}

TEST(NvdFeedTest, PerCveObjectAndKevMark) {
  // One CVE as the API's "cve" object alone, with the KEV fields NVD copies from CISA's catalog.
  auto cves = ParseNvdJson(R"({"cve": {"id": "CVE-2021-44228", "cisaExploitAdd": "2021-12-10",
      "metrics": {"cvssMetricV2": [{"type": "Primary", "baseSeverity": "HIGH",
                                     "cvssData": {"vectorString": "AV:N/AC:M/Au:N/C:C/I:C/A:C", "baseScore": 9.3}}]}}})",
                           nullptr);
  ASSERT_TRUE(cves.has_value()) << cves.error().message;
  ASSERT_EQ(cves->size(), 1u);
  EXPECT_TRUE((*cves)[0].kev);
  EXPECT_EQ((*cves)[0].ratings[0].severity, "HIGH");  // v2 has no CRITICAL band
}

TEST(NvdFeedTest, BrokenInputIsAnErrorOrACountedSkip) {
  for (const std::string& bad : std::vector<std::string>{"", "{", "[]", R"({"vulnerabilities": 3})", R"({"foo": 1})",
                                                         R"({"vulnerabilities": [)" + std::string(100, '[')}) {
    EXPECT_FALSE(ParseNvdJson(bad, nullptr).has_value()) << bad;
  }
  std::vector<std::string> warnings;
  auto cves = ParseNvdJson(R"({"vulnerabilities": [{"cve": {"id": 7}}, {"nocve": 1}, {"cve": "x"},
      {"cve": {"id": "CVE-2020-1", "metrics": {"cvssMetricV31": [{"type": "Primary", "cvssData": "x"}]}}}]})",
                           &warnings);
  ASSERT_TRUE(cves.has_value());
  EXPECT_TRUE(cves->empty());
  EXPECT_EQ(warnings.size(), 3u);  // id not a string, no cve, cve not an object; bad cvssData rates nothing

  testing::TempDir dir;
  auto feed = ReadNvdFeed(dir.Write("broken.json", R"({"vulnerabilities": [)"));
  ASSERT_FALSE(feed.has_value());
  EXPECT_NE(feed.error().message.find("broken.json"), std::string::npos) << feed.error().message;
  EXPECT_FALSE(ReadNvdFeed(dir.path() + "/missing").has_value());
}

TEST(NvdFeedTest, DirectoryOfPages) {
  auto feed = ReadNvdFeed(TestData(kNvd));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.name, "nvd");
  EXPECT_EQ(feed->enrichments.size(), 36u);  // 35 + CVE-2022-1576
  EXPECT_EQ(feed->info.skipped, 0u);
}

TEST(Cve5FeedTest, VulnrichmentGivesCisaAdpRatingAndKev) {
  // Apache Airflow: CISA's ADP rated it CRITICAL and lists it in KEV; the CNA gave no metric.
  auto kev = ParseCve5Record(Read(std::string(kVulnrichment) + "2020/13xxx/CVE-2020-13927.json"));
  ASSERT_TRUE(kev.has_value()) << kev.error().message;
  ASSERT_TRUE(kev->has_value());
  EXPECT_TRUE((*kev)->kev);
  ASSERT_EQ((*kev)->ratings.size(), 1u);
  EXPECT_EQ((*kev)->ratings[0].source, "cisa-adp");
  EXPECT_EQ((*kev)->ratings[0].severity, "CRITICAL");
  EXPECT_EQ((*kev)->ratings[0].cvss, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");

  auto plain = ParseCve5Record(Read(std::string(kVulnrichment) + "2019/14xxx/CVE-2019-14232.json"));
  ASSERT_TRUE(plain.has_value() && plain->has_value());
  EXPECT_FALSE((*plain)->kev);  // SSVC "Exploitation: none" is not KEV
  EXPECT_EQ((*plain)->ratings[0].severity, "HIGH");
}

TEST(Cve5FeedTest, CnaMetricsFromTheGoVulndbCveList) {
  const std::string txtar = Read("golang+vulndb/internal/cve5/testdata/cve/cvelist.txtar");
  auto xz = ParseCve5Record(TxtarMember(txtar, "cves/2024/3xxx/CVE-2024-3094.json"));
  ASSERT_TRUE(xz.has_value()) << xz.error().message;
  ASSERT_TRUE(xz->has_value());
  ASSERT_EQ((*xz)->ratings.size(), 1u);
  EXPECT_EQ((*xz)->ratings[0].source, "cna");
  EXPECT_EQ((*xz)->ratings[0].severity, "CRITICAL");
  // No metrics anywhere (the Go team's own CVEs): nothing to keep.
  auto go = ParseCve5Record(TxtarMember(txtar, "cves/2023/29xxx/CVE-2023-29407.json"));
  ASSERT_TRUE(go.has_value());
  EXPECT_FALSE(go->has_value());
  // CISA ADP's v3.1 where the CNA gave none.
  auto adp = ParseCve5Record(TxtarMember(txtar, "cves/2024/2xxx/CVE-2024-2056.json"));
  ASSERT_TRUE(adp.has_value() && adp->has_value());
  EXPECT_EQ((*adp)->ratings[0].source, "cisa-adp");
}

TEST(Cve5FeedTest, BrokenRecords) {
  const std::string real = Read(std::string(kVulnrichment) + "2020/13xxx/CVE-2020-13927.json");
  for (const std::string& bad : {real.substr(0, real.size() / 2), std::string("{}"),
                                 std::string(R"({"dataType": "CVE_RECORD"})"),
                                 std::string(R"({"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-1"}})"),
                                 std::string(R"({"dataType": "CVE_RECORD", "cveMetadata": {"cveId": 5}})")}) {
    EXPECT_FALSE(ParseCve5Record(bad).has_value()) << bad.substr(0, 80);
  }
  auto rejected = ParseCve5Record(R"({"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2020-1", "state": "REJECTED"},
                                      "containers": {"cna": {"rejectedReasons": []}}})");
  ASSERT_TRUE(rejected.has_value());
  EXPECT_FALSE(rejected->has_value());
  // Metrics of the wrong shape rate nothing rather than throw.
  auto odd = ParseCve5Record(R"({"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2020-2"},
      "containers": {"cna": {"metrics": [{"cvssV3_1": {"baseScore": "high"}}, 7, {"other": 1}]}}})");
  ASSERT_TRUE(odd.has_value()) << odd.error().message;
  EXPECT_FALSE(odd->has_value());
}

TEST(Cve5FeedTest, WholeVulnrichmentDirectory) {
  auto feed = ReadCve5Feed(TestData(kVulnrichment));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 0u);
  // 777 records; 664 rate (574 by the CNA, 93 by CISA ADP) or are KEV, counted with a Python script over the
  // JSON (a cvss* metric with baseSeverity or baseScore, or an ADP "kev" entry). The rest carry SSVC only.
  EXPECT_EQ(feed->enrichments.size(), 664u);
  const auto kev = std::count_if(feed->enrichments.begin(), feed->enrichments.end(),
                                 [](const CveEnrichment& e) { return e.kev; });
  EXPECT_EQ(kev, 1);  // grep -l '"type": "kev"' over the records: only CVE-2020-13927
}

TEST(EpssFeedTest, ClaircoreSample) {
  auto feed = ReadEpssFeed(TestData("quay+claircore/enricher/epss/testdata/data.csv"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->enrichments.size(), 29u);  // 31 lines: a comment, the header, 29 CVEs
  EXPECT_EQ(feed->info.updated, "2024-10-25T00:00:00+0000");
  const CveEnrichment* first = Find(feed->enrichments, "CVE-1999-0005");
  ASSERT_NE(first, nullptr);
  EXPECT_DOUBLE_EQ(*first->epss, 0.91963);
  EXPECT_DOUBLE_EQ(*first->epss_percentile, 0.99030);
}

TEST(EpssFeedTest, BrokenCsv) {
  EXPECT_FALSE(ParseEpssCsv("", nullptr).has_value());
  EXPECT_FALSE(ParseEpssCsv("cve,score\nCVE-1,0.1\n", nullptr).has_value());
  std::vector<std::string> warnings;
  auto parsed = ParseEpssCsv("cve,epss,percentile\nCVE-2020-1,0.5,0.9\nCVE-2020-2,1.5,0.9\nCVE-2020-3\nx,0.1,0.1\n"
                             "CVE-2020-4,0.1,abc\n",
                             &warnings);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->size(), 1u);
  EXPECT_EQ(warnings.size(), 4u);
}

TEST(KevFeedTest, ClaircoreCatalog) {
  auto feed = ReadKevFeed(TestData("quay+claircore/enricher/kev/testdata/known_exploited_vulnerabilities.json"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->enrichments.size(), 2u);
  EXPECT_NE(Find(feed->enrichments, "CVE-2017-3066"), nullptr);
  EXPECT_TRUE(feed->enrichments[0].kev);
  EXPECT_FALSE(ParseKevCatalog(R"({"vulnerabilities": [{"cveID": 1}]})").has_value());
  EXPECT_FALSE(ParseKevCatalog(R"({"title": "x"})").has_value());
  EXPECT_FALSE(ParseKevCatalog("nope").has_value());
}

}  // namespace
}  // namespace drydock
