// OSV as YAML: PyPA's real records go through the same record parser as JSON, the whole PyPA database reads
// as one feed, and hostile YAML (alias bombs, deep nesting, bad syntax) is a clear error.
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/file.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TempDir;
using testing::TestData;

constexpr const char* kPypa = "pypa+advisory-database/vulns";

TEST(OsvYamlTest, PypaRecordMatchesTheSchema) {
  auto bytes =
      ReadFileBounded(TestData(std::string(kPypa) + "/jinja2/PYSEC-2014-8.yaml"), kMaxOsvRecordBytes);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto json = OsvYamlToJson(*bytes);
  ASSERT_TRUE(json.has_value()) << json.error().message;
  auto record = ParseOsvRecord(*json);
  ASSERT_TRUE(record.has_value()) << record.error().message;
  ASSERT_TRUE(record->has_value());
  const Advisory& a = **record;
  EXPECT_EQ(a.id, "PYSEC-2014-8");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2014-1402", "GHSA-8r7q-cvjq-x353"}));
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].ecosystem, "PyPI");
  EXPECT_EQ(a.affected[0].package, "jinja2");
  ASSERT_EQ(a.affected[0].ranges.size(), 1u);
  EXPECT_EQ(a.affected[0].ranges[0].fixed, "2.7.2");
  // "2.0" is quoted in the file and 2.0rc1 is not; both must stay the strings written, not numbers.
  ASSERT_EQ(a.affected[0].versions.size(), 19u);
  EXPECT_EQ(a.affected[0].versions[0], "2.0");
  EXPECT_EQ(a.affected[0].versions[1], "2.0rc1");
}

TEST(OsvYamlTest, WholePypaDatabaseIsOneFeed) {
  auto feed = ReadOsvFeed(TestData(kPypa));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 0u) << (feed->warnings.empty() ? "" : feed->warnings[0]);
  EXPECT_GT(feed->advisories.size(), 2500u);  // 2661 files; withdrawn ones are dropped
  auto werkzeug = std::find_if(feed->advisories.begin(), feed->advisories.end(),
                               [](const Advisory& a) { return a.id == "PYSEC-2023-58"; });
  ASSERT_NE(werkzeug, feed->advisories.end());
  EXPECT_EQ(werkzeug->affected[0].package, "werkzeug");
}

TEST(OsvYamlTest, HostileYamlIsAClearError) {
  EXPECT_FALSE(OsvYamlToJson(""));
  EXPECT_FALSE(OsvYamlToJson("- a list\n- not a record\n"));
  EXPECT_FALSE(OsvYamlToJson("id: [unterminated\n"));
  EXPECT_FALSE(OsvYamlToJson("id: x\nnest: " + std::string(10000, '[') + std::string(10000, ']') + "\n"));
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {  // each key repeats the one before ten times: 10^11 nodes expanded
    const std::string alias = "*" + std::string(1, static_cast<char>(c - 1));
    bomb += fmt::format("{}: &{} [{}]\n", c, c, fmt::join(std::vector<std::string>(10, alias), ", "));
  }
  auto expanded = OsvYamlToJson(bomb);
  ASSERT_FALSE(expanded.has_value());
  EXPECT_NE(expanded.error().message.find("YAML nodes"), std::string::npos) << expanded.error().message;
  auto bad_utf8 = OsvYamlToJson("id: \"PYSEC-\xff\"\n");  // yaml-cpp refuses or the dump replaces: no throw
  if (bad_utf8) { EXPECT_NE(bad_utf8->find("PYSEC-"), std::string::npos); }

  TempDir dir;
  dir.Write("ok.yaml",
            "id: PYSEC-1\naffected:\n- package: {name: Foo_Bar, ecosystem: PyPI}\n  versions: ['1.0']\n");
  dir.Write("broken.yml", "id: [\n");
  auto feed = ReadOsvFeed(dir.path());
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->advisories.size(), 1u);
  EXPECT_EQ(feed->advisories[0].affected[0].package, "foo-bar");  // PEP 503, as for JSON records
  ASSERT_EQ(feed->warnings.size(), 1u);
  EXPECT_NE(feed->warnings[0].find("broken.yml: OSV YAML"), std::string::npos) << feed->warnings[0];
}

}  // namespace
}  // namespace drydock
