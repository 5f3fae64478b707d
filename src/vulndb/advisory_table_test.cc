// AdvisoryTable keeps every field of real advisories, and the compact feeds merge as the full-form ones did.
#include "vulndb/advisory_table.h"

#include <gtest/gtest.h>

#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TestData;

// Go's OSV records have aliases, summaries, SEMVER ranges, limits-free and introduced-only ranges, explicit
// versions and several entries per record; AlmaLinux adds module streams and severities.
TEST(AdvisoryTableTest, RealOsvRecordsComeBackUnchanged) {
  for (const char* dir : {"golang+vulndb/data/osv", "AlmaLinux+osv-database/advisories/almalinux9"}) {
    auto feed = ReadOsvFeed(TestData(dir));
    ASSERT_TRUE(feed.has_value()) << feed.error().message;
    ASSERT_GT(feed->advisories.size(), 1000u);
    AdvisoryTable table;
    for (const Advisory& advisory : feed->advisories) table.Add(advisory);
    ASSERT_EQ(table.size(), feed->advisories.size());
    EXPECT_TRUE(table.ToVector() == feed->advisories) << dir;
    EXPECT_EQ(table[17], feed->advisories[17]);
  }
}

TEST(AdvisoryTableTest, EveryFieldAndEmptyStringsRoundTrip) {
  Advisory advisory{"GHSA-x", {"CVE-1", "CVE-2"}, "summary", "HIGH", "ghsa", "CVSS:3.1/AV:N", "osv", {}};
  advisory.affected.push_back(Affected{"npm", "lodash", {{"0", "4.17.21", "", "SEMVER", {"5.0.0"}}, {"", "", "1.0", "", {}}},
                                       {"4.17.15", "4.17.20"}, "fixed", "MODERATE"});
  advisory.affected.push_back(Affected{"", "", {}, {}, "", ""});
  AdvisoryTable table;
  table.Add(advisory);
  table.Add(Advisory{});
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[0], advisory);
  EXPECT_EQ(table[1], Advisory{});
  // Strings repeated across fields and records are stored once.
  EXPECT_EQ(table.rows()[0].entries.size, 2u);
  EXPECT_EQ(table.entries()[1].ecosystem, StringPool::kEmpty);
}

// A package named twice in one secdb file, and one id fixed twice in one package: one entry per (id, package),
// with each distinct fix as a range in the order read, as before the compact form.
TEST(AdvisoryTableTest, SecdbMergesRepeatedPackagesInReadOrder) {
  testing::TempDir dir;
  auto feed = ReadSecdbFeed(dir.Write("main.json", R"({"distroversion": "v3.19", "reponame": "main", "urlprefix": "x",
    "packages": [
      {"pkg": {"name": "zlib", "secfixes": {"1.3-r2": ["CVE-2023-45853 XSA-1"], "1.2-r0": ["CVE-2022-37434"]}}},
      {"pkg": {"name": "curl", "secfixes": {"8.0-r0": ["CVE-2023-45853"]}}},
      {"pkg": {"name": "zlib", "secfixes": {"1.3-r2": ["CVE-2023-45853"], "1.4-r0": ["CVE-2023-45853 XSA-2"]}}}]})"));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  ASSERT_EQ(feed->compact.size(), 2u);
  const Advisory first = feed->compact[0], second = feed->compact[1];
  EXPECT_EQ(first.id, "CVE-2022-37434");  // sorted by id
  EXPECT_EQ(second.id, "CVE-2023-45853");
  EXPECT_EQ(second.aliases, (std::vector<std::string>{"XSA-1", "XSA-2"}));
  EXPECT_EQ(second.data_source, "alpine-secdb v3.19/main");
  ASSERT_EQ(second.affected.size(), 2u);
  EXPECT_EQ(second.affected[0], (Affected{"Alpine:v3.19", "zlib", {{"0", "1.3-r2", ""}, {"0", "1.4-r0", ""}}, {}, "fixed"}));
  EXPECT_EQ(second.affected[1], (Affected{"Alpine:v3.19", "curl", {{"0", "8.0-r0", ""}}, {}, "fixed"}));
}

}  // namespace
}  // namespace drydock
