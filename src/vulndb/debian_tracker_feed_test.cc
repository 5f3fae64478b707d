// Debian security tracker JSON: vunnel's real sample (tracker/data/json excerpt) and hostile inputs; every
// expectation is read off the JSON text by hand.
#include <gtest/gtest.h>

#include <memory>

#include <fstream>
#include <iterator>

#include "match/matcher.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::BuildAndOpen;
using testing::TempDir;
using testing::TestData;

const std::string kSample = "anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json";

std::unique_ptr<const Advisory> Find(const FeedData& feed, std::string_view id, std::string_view codename) {
  for (const Advisory& advisory : feed.compact) {
    if (advisory.id == id && advisory.data_source == "debian-tracker " + std::string(codename)) {
      return std::make_unique<const Advisory>(advisory);
    }
  }
  return nullptr;
}

TEST(DebianTrackerFeedTest, RealSample) {
  auto feed = ReadDebianTrackerFeed(TestData(kSample));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.name, "debian-tracker");
  EXPECT_EQ(feed->info.skipped, 0u);

  // sope CVE-2025-53603: bookworm resolved in 5.8.0-1+deb12u1 (a security backport), trixie in 5.12.1-2;
  // sid has no release number and is dropped.
  auto sope = Find(*feed, "CVE-2025-53603", "bookworm");
  ASSERT_NE(sope, nullptr);
  EXPECT_EQ(sope->affected, (std::vector<Affected>{{"Debian:12", "sope", {{"0", "5.8.0-1+deb12u1", ""}}, {}, "fixed"}}));
  EXPECT_EQ(sope->severity, "UNKNOWN");  // "not yet assigned"
  EXPECT_EQ(sope->severity_source, "debian-tracker");
  EXPECT_TRUE(sope->summary.starts_with("In Alinto SOPE SOGo 2.0.2"));
  ASSERT_NE(Find(*feed, "CVE-2025-53603", "trixie"), nullptr);
  EXPECT_EQ(Find(*feed, "CVE-2025-53603", "trixie")->affected[0].ranges,
            (std::vector<AffectedRange>{{"0", "5.12.1-2", ""}}));
  EXPECT_EQ(Find(*feed, "CVE-2025-53603", "sid"), nullptr);

  // chromium CVE-2022-0456: buster and stretch open with urgency end-of-life.
  auto eol = Find(*feed, "CVE-2022-0456", "buster");
  ASSERT_NE(eol, nullptr);
  EXPECT_EQ(eol->affected, (std::vector<Affected>{{"Debian:10", "chromium", {{"0", "", ""}}, {}, "end_of_life"}}));
  EXPECT_EQ(eol->severity, "UNKNOWN");
  ASSERT_NE(Find(*feed, "CVE-2022-0456", "bullseye"), nullptr);
  EXPECT_EQ(Find(*feed, "CVE-2022-0456", "bullseye")->affected[0].ranges,
            (std::vector<AffectedRange>{{"0", "98.0.4758.80-1~deb11u1", ""}}));

  // Urgency: "high**" -> HIGH (prototypejs CVE-2008-7220), "low**" -> LOW (txt2man), "medium" (backupninja).
  ASSERT_NE(Find(*feed, "CVE-2008-7220", "jessie"), nullptr);
  EXPECT_EQ(Find(*feed, "CVE-2008-7220", "jessie")->severity, "HIGH");
  EXPECT_EQ(Find(*feed, "CVE-2008-7220", "jessie")->affected[0].ecosystem, "Debian:8");
  ASSERT_NE(Find(*feed, "CVE-2013-1444", "stretch"), nullptr);
  EXPECT_EQ(Find(*feed, "CVE-2013-1444", "stretch")->severity, "LOW");
  ASSERT_NE(Find(*feed, "CVE-2005-3111", "buster"), nullptr);
  EXPECT_EQ(Find(*feed, "CVE-2005-3111", "buster")->severity, "MEDIUM");

  // prototypejs CVE-2007-2383 is fixed_version "0" everywhere: never affected, no advisory at all.
  for (const Advisory& advisory : feed->compact) EXPECT_NE(advisory.id, "CVE-2007-2383");
  // chromium-browser CVE-2022-0358 has "releases": [].
  for (const Advisory& advisory : feed->compact) EXPECT_NE(advisory.id, "CVE-2022-0358");
}

// The tracker statuses a scan must tell apart, on one written record (the sample has only resolved/open).
TEST(DebianTrackerFeedTest, OpenStatusesAndUrgencies) {
  auto feed = ParseDebianTracker(R"({"pkg": {"CVE-2024-1": {"description": "d", "releases": {
      "bookworm": {"status": "open", "nodsa": "Minor issue", "nodsa_reason": "ignored", "urgency": "low"},
      "bullseye": {"status": "open", "nodsa": "Minor issue", "nodsa_reason": "postponed", "urgency": "medium**"},
      "buster": {"status": "open", "nodsa": "Minor issue", "nodsa_reason": "", "urgency": "unimportant"},
      "trixie": {"status": "open", "urgency": "high"},
      "forky": {"status": "undetermined", "urgency": "not yet assigned"},
      "experimental": {"status": "open", "urgency": "high"}}},
    "TEMP-0000000-ABCDEF": {"releases": {"bookworm": {"status": "open"}}}}})",
                                 "inline");
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  auto status = [&](std::string_view codename) {
    auto a = Find(*feed, "CVE-2024-1", codename);
    return a == nullptr ? std::string("-") : a->affected.at(0).status + " " + a->severity;
  };
  EXPECT_EQ(status("bookworm"), "will_not_fix LOW");   // <ignored>
  EXPECT_EQ(status("bullseye"), "fix_deferred MEDIUM");  // <postponed>
  EXPECT_EQ(status("buster"), "affected LOW");         // <no-dsa>, <unimportant>
  EXPECT_EQ(status("trixie"), "affected HIGH");        // <unfixed>
  EXPECT_EQ(status("forky"), "-");
  EXPECT_EQ(feed->compact.size(), 4u);  // no experimental, no TEMP id
}

TEST(DebianTrackerFeedTest, HostileInput) {
  for (const char* text : {"", "[]", "{", "\"x\"", "{\"a\": {\"CVE-1\": 5}"}) {
    EXPECT_FALSE(ParseDebianTracker(text, "bad").has_value()) << text;
  }
  std::string deep(kMaxJsonDepth + 5, '[');
  EXPECT_FALSE(ParseDebianTracker("{\"a\":" + deep, "deep").has_value());

  // Broken records are skipped one by one with a warning; the good one is kept whole.
  auto feed = ParseDebianTracker(R"({"a": 7, "b": {"CVE-1": 5, "CVE-2": {"releases": {"bookworm": {"status": 3}}},
      "CVE-3": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1.0"},
                             "bullseye": {"status": "resolved"}}},
      "CVE-4": {"releases": {"bookworm": {"status": "bogus"}}},
      "CVE-5": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "2.0-1"}}}}})",
                                 "mixed");
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 5u);
  EXPECT_EQ(feed->warnings.size(), 5u);
  ASSERT_EQ(feed->compact.size(), 1u);  // CVE-3 had a broken bullseye entry: nothing of it is kept
  EXPECT_EQ(feed->compact[0].id, "CVE-5");

  TempDir dir;
  EXPECT_FALSE(ReadDebianTrackerFeed(dir.path() + "/missing.json").has_value());
}

// The file is parsed as it is read (never held whole); the result is exactly the in-memory parse's.
TEST(DebianTrackerFeedTest, StreamedFileEqualsTheParsedText) {
  auto streamed = ReadDebianTrackerFeed(TestData(kSample));
  ASSERT_TRUE(streamed.has_value()) << streamed.error().message;
  std::ifstream in(TestData(kSample), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = ParseDebianTracker(text, TestData(kSample));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_GT(streamed->compact.size(), 10u);
  EXPECT_EQ(streamed->compact, parsed->compact);
  EXPECT_EQ(streamed->info.skipped, parsed->info.skipped);
}

// A Debian 12 package carrying the security backport is judged by the tracker's fixed_version for bookworm
// (5.8.0-1+deb12u1 in the sample) through a compiled DB: the plain 5.8.0-1 is reported, the backport and any
// later +deb12uN are not.
TEST(DebianTrackerFeedTest, BackportIsNotReported) {
  auto feed = ReadDebianTrackerFeed(TestData(kSample));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  TempDir dir;
  auto db = BuildAndOpen(*feed, dir);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  const AdvisoryLookup lookup = [&](std::string_view ecosystem, std::string_view package) {
    return (*db)->Lookup(ecosystem, package);
  };
  auto sope = [](std::string version) {
    Package p;
    p.id = "deb:sope@" + version;
    p.name = "libsope1";
    p.version = version;
    p.ecosystem = "deb";
    p.source_name = "sope";
    p.source_version = version;
    return p;
  };
  const Distro bookworm{"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"};
  const std::vector<Finding> findings =
      MatchPackages({sope("5.8.0-1"), sope("5.8.0-1+deb12u1"), sope("5.8.0-1+deb12u3")}, bookworm, lookup);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].package_id, "deb:sope@5.8.0-1");
  EXPECT_EQ(findings[0].id, "CVE-2025-53603");
  EXPECT_EQ(findings[0].fixed_version, "5.8.0-1+deb12u1");
  EXPECT_EQ(findings[0].status, "fixed");
  EXPECT_EQ(findings[0].data_source, "debian-tracker bookworm");

  // On bullseye the same source is judged by bullseye's fix (5.0.1-2+deb11u1), not bookworm's.
  const Distro bullseye{"debian", "11", "bullseye", ""};
  EXPECT_EQ(MatchPackages({sope("5.0.1-2+deb11u1")}, bullseye, lookup).size(), 0u);
  EXPECT_EQ(MatchPackages({sope("5.0.1-2")}, bullseye, lookup).size(), 1u);
}

}  // namespace
}  // namespace drydock
