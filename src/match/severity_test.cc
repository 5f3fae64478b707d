// ResolveSeverity's precedence and --severity-source parsing, on records built here (the DB-backed cases with
// real feeds are in vulndb/severity_db_test.cc).
#include "match/severity.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

Advisory Record(std::string id, std::string severity, std::string source,
                std::vector<SeverityRating> related = {}) {
  Advisory a{std::move(id), {}, "", std::move(severity), std::move(source), "", "test"};
  a.related = std::move(related);
  return a;
}

TEST(ResolveSeverityTest, VendorThenRecordThenAliasesThenNvdCnaAdpThenOtherDistros) {
  const std::vector<SeverityRating> related = {{"redhat-csaf-vex", "CRITICAL", "", "CVE-1"},
                                               {"cisa-adp", "HIGH", "CVSS:3.1/AV:N", "CVE-1"},
                                               {"cna", "MEDIUM", "", "CVE-1"},
                                               {"nvd", "LOW", "", "CVE-1"},
                                               {"osv:Go", "MEDIUM", "", "GO-1"},
                                               {"ghsa", "HIGH", "", "GHSA-1"}};
  Advisory debian = Record("CVE-1", "LOW", "debian-tracker", related);
  Affected entry{"Debian:12", "curl"};
  entry.severity = "MEDIUM";
  std::vector<MatchedRecord> records = {{&debian, &entry, true}};
  // The entry's own rating first, the record's next.
  auto r = ResolveSeverity(records, {});
  EXPECT_EQ(r.severity, "MEDIUM");
  EXPECT_EQ(r.source, "debian-tracker");
  EXPECT_EQ(r.cvss, "CVSS:3.1/AV:N");  // the first vector anyone gives, when the decider has none
  entry.severity.clear();
  EXPECT_EQ(ResolveSeverity(records, {}).severity, "LOW");
  debian.severity = "UNKNOWN";
  r = ResolveSeverity(records, {});  // no vendor word: GHSA before the Go record, before NVD
  EXPECT_EQ(r.source, "ghsa");
  EXPECT_EQ(r.severity, "HIGH");
  debian.related.pop_back();
  EXPECT_EQ(ResolveSeverity(records, {}).source, "osv:Go");
  debian.related.pop_back();
  EXPECT_EQ(ResolveSeverity(records, {}).source, "nvd");
  debian.related.pop_back();
  EXPECT_EQ(ResolveSeverity(records, {}).source, "cna");
  debian.related.pop_back();
  EXPECT_EQ(ResolveSeverity(records, {}).source, "cisa-adp");
  debian.related.pop_back();
  r = ResolveSeverity(records, {});  // Red Hat's word for its own build, only when nobody else rated it
  EXPECT_EQ(r.source, "redhat-csaf-vex");
  EXPECT_EQ(r.severity, "CRITICAL");
}

TEST(ResolveSeverityTest, ExplicitOrder) {
  Advisory go = Record("GO-1", "", "", {{"ghsa", "HIGH", "", "GHSA-1"}, {"nvd", "CRITICAL", "CVSS:3.1/X", "CVE-1"}});
  std::vector<MatchedRecord> records = {{&go, nullptr, false}};
  const std::vector<std::string> nvd_first = {"nvd", "ghsa"};
  auto r = ResolveSeverity(records, nvd_first);
  EXPECT_EQ(r.source, "nvd");
  EXPECT_EQ(r.cvss, "CVSS:3.1/X");
  const std::vector<std::string> vendor_only = {"vendor"};  // a language package has no vendor rating
  EXPECT_EQ(ResolveSeverity(records, vendor_only).severity, "UNKNOWN");
  const std::vector<std::string> vendor_then_auto = {"vendor", "auto"};
  EXPECT_EQ(ResolveSeverity(records, vendor_then_auto).source, "ghsa");
}

TEST(ResolveSeverityTest, MergedRecordsRateAsOwnNotAsAliases) {
  // PYSEC and GHSA of one CVE, merged: GitHub's rating is a matched record's own, and it is not counted twice.
  Advisory pysec = Record("PYSEC-1", "UNKNOWN", "", {{"ghsa", "MEDIUM", "", "GHSA-1"}});
  Advisory ghsa = Record("GHSA-1", "MEDIUM", "ghsa");
  std::vector<MatchedRecord> records = {{&pysec, nullptr, false}, {&ghsa, nullptr, false}};
  auto r = ResolveSeverity(records, {});
  EXPECT_EQ(r.severity, "MEDIUM");
  EXPECT_EQ(r.source, "ghsa");
}

TEST(ParseSeveritySourcesTest, TokensAndErrors) {
  auto parsed = ParseSeveritySources("vendor, ghsa,nvd,debian,auto");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, (std::vector<std::string>{"vendor", "ghsa", "nvd", "debian", "auto"}));
  for (std::string_view bad : {"", ",", "nvd,NVD", "vendor,github", "redhat;nvd"}) {
    auto error = ParseSeveritySources(bad);
    ASSERT_FALSE(error.has_value()) << bad;
    EXPECT_NE(error.error().message.find("--severity-source"), std::string::npos);
  }
  EXPECT_NE(ParseSeveritySources("github").error().message.find("unknown source \"github\""), std::string::npos);
}

TEST(VendorOfSourceTest, FeedSourcesToVendorNames) {
  EXPECT_EQ(VendorOfSource("debian-tracker"), "debian");
  EXPECT_EQ(VendorOfSource("osv:Debian"), "debian");
  EXPECT_EQ(VendorOfSource("redhat-csaf-vex"), "redhat");
  EXPECT_EQ(VendorOfSource("osv:Ubuntu"), "ubuntu");
  EXPECT_EQ(VendorOfSource("ghsa"), "");
  EXPECT_EQ(VendorOfSource("osv:Go"), "");
}

}  // namespace
}  // namespace drydock
