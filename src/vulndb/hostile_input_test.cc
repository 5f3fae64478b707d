// Broken and hostile input: every case ends in a clear error or a counted skip, never a crash.
#include <gtest/gtest.h>

#include <flatbuffers/flatbuffers.h>

#include <filesystem>
#include <fstream>

#include "common/file.h"
#include "vulndb/db_generated.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TempDir;

constexpr const char* kGoodRecord = R"({"id": "GOOD-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"},
  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.0"}]}]}]})";

TEST(HostileOsvTest, BadRecordsAreSkippedWithTheirPath) {
  const std::pair<const char*, const char*> bad[] = {
      {"truncated.json", R"({"id": "X", "affected": [)"},
      {"not-object.json", "[1, 2, 3]"},
      {"empty.json", ""},
      {"id-number.json", R"({"id": 7, "affected": []})"},
      {"no-id.json", R"({"affected": []})"},
      {"affected-string.json", R"({"id": "X", "affected": "npm"})"},
      {"events-object.json", R"({"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "a"},
          "ranges": [{"type": "SEMVER", "events": {"introduced": 0}}]}]})"},
      {"fixed-number.json", R"({"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "a"},
          "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": 1}]}]}]})"},
      {"aliases-number.json", R"({"id": "X", "aliases": 5, "affected": []})"},
      {"package-no-name.json", R"({"id": "X", "affected": [{"package": {"ecosystem": "npm"}, "versions": ["1"]}]})"},
      {"deep.json", nullptr},
      {"dup/GOOD-1.json", kGoodRecord},
  };
  TempDir dir;
  dir.Write("good/GOOD-1.json", kGoodRecord);
  dir.Write("README.md", "not a record");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  for (const auto& [name, text] : bad) dir.Write(name, text ? text : deep);
  dir.Write("big.json", std::string(kMaxOsvRecordBytes + 1, ' '));
  auto feed = ReadOsvFeed(dir.path());
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.advisories, 1u);
  EXPECT_EQ(feed->info.skipped, std::size(bad) + 1);
  ASSERT_EQ(feed->warnings.size(), feed->info.skipped);
  for (const std::string& warning : feed->warnings) {
    EXPECT_EQ(warning.rfind(dir.path(), 0), 0u) << warning;  // "path: why"
  }
}

TEST(HostileOsvTest, FeedLevelErrors) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/empty/sub");
  auto empty = ReadOsvFeed(dir.path() + "/empty");
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("no OSV records"), std::string::npos) << empty.error().message;
  auto missing = ReadOsvFeed(dir.path() + "/missing");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("no such file"), std::string::npos);
  auto not_zip = ReadOsvFeed(dir.Write("feed.zip", "this is not a zip at all"));
  ASSERT_FALSE(not_zip.has_value());
  EXPECT_NE(not_zip.error().message.find("zip"), std::string::npos) << not_zip.error().message;
}

TEST(HostileOsvTest, ZipWithTraversalAndOversizedEntries) {
  TempDir dir;
  const std::string zip = dir.path() + "/all.zip";
  testing::WriteZip(zip, {{"../../etc/evil.json", kGoodRecord},
                          {"ok/GOOD-1.json", kGoodRecord},
                          {"big.json", std::string(kMaxOsvRecordBytes + 10, ' ')},
                          {"bad.json", "{"},
                          {"notes.txt", "ignored"}});
  auto feed = ReadOsvFeed(zip);
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.advisories, 1u);
  EXPECT_EQ(feed->info.skipped, 3u);
  ASSERT_EQ(feed->warnings.size(), 3u);
  EXPECT_NE(feed->warnings[0].find("climbs out"), std::string::npos) << feed->warnings[0];
  EXPECT_NE(feed->warnings[1].find("limit"), std::string::npos) << feed->warnings[1];
}

TEST(HostileSecdbTest, FileLevelErrors) {
  TempDir dir;
  const std::pair<const char*, const char*> bad[] = {
      {"empty.yaml", ""},
      {"syntax.yaml", "packages: [\n  - pkg: {name: x\n"},
      {"no-packages.yaml", "distroversion: v3.10\n"},
      {"packages-map.yaml", "distroversion: v3.10\npackages: {a: b}\n"},
      {"scalar.yaml", "just a string"},
      {"version-list.yaml", "distroversion: [v3.10]\npackages: []\n"},
      {"syntax.json", R"({"packages": [)"},
      {"packages-string.json", R"({"distroversion": "v3.10", "packages": "none"})"},
      {"deep.yaml", nullptr},
  };
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  for (const auto& [name, text] : bad) {
    auto feed = ReadSecdbFeed(dir.Write(name, text ? text : deep));
    EXPECT_FALSE(feed.has_value()) << name;
    if (!feed) {
      EXPECT_NE(feed.error().message.find(name), std::string::npos) << feed.error().message;
    }
  }
  EXPECT_FALSE(ReadSecdbFeed(dir.path() + "/missing.yaml").has_value());
  EXPECT_FALSE(ReadSecdbFeed(dir.path()).has_value());  // a directory
}

TEST(HostileSecdbTest, BadPackagesAreSkippedOthersKept) {
  TempDir dir;
  const std::string yaml = R"(distroversion: v3.10
reponame: main
packages:
  - pkg:
      name: [not, a, name]
  - pkg:
      name: badfix
      secfixes: [1, 2]
  - pkg:
      name: badids
      secfixes:
        1.0-r0: CVE-2020-1
  - not-a-pkg
  - pkg:
      name: zlib
      secfixes:
        1.2.11-r1:
          - CVE-2018-25032
        "0":
          - CVE-2022-37434
        1.2.12-r0:
          - {nested: map}
)";
  auto feed = ReadSecdbFeed(dir.Write("main.yaml", yaml));
  ASSERT_TRUE(feed.has_value()) << feed.error().message;
  EXPECT_EQ(feed->info.skipped, 5u);
  ASSERT_EQ(feed->compact.size(), 0u);  // zlib's list holds a map: the whole package is skipped

  auto json = ReadSecdbFeed(dir.Write("s.json", R"({"distroversion": "v3.18", "reponame": "main", "packages": [
      {"pkg": {"name": ["x"]}}, {"pkg": {"name": "zlib", "secfixes": {"1.2.13-r0": ["CVE-2022-37434", 7, null]}}},
      {"pkg": {"name": "curl", "secfixes": {"8.0.1-r0": ["CVE-2023-27533"], "0": ["CVE-2000-1"]}}}]})"));
  ASSERT_TRUE(json.has_value()) << json.error().message;
  EXPECT_EQ(json->info.skipped, 1u);  // the list name is skipped; 7 and null in zlib's list are not ids
  ASSERT_EQ(json->compact.size(), 2u);
  EXPECT_EQ(json->compact[0].id, "CVE-2022-37434");
  EXPECT_EQ(json->compact[1].id, "CVE-2023-27533");
}

TEST(HostileSecdbTest, YamlAliasBombIsBounded) {
  // Each level repeats the previous list ten times; the ids multiply to 10^7 without the id budget.
  std::string yaml = "distroversion: v3.10\nl0: &l0 [CVE-2020-1, CVE-2020-2, CVE-2020-3, CVE-2020-4, CVE-2020-5, "
                     "CVE-2020-6, CVE-2020-7, CVE-2020-8, CVE-2020-9, CVE-2020-10]\n";
  yaml += "f1: &f1 {";
  for (int i = 0; i < 100; ++i) yaml += (i ? ", " : "") + std::to_string(i) + ".0-r0: *l0";
  yaml += "}\np1: &p1 {pkg: {name: zlib, secfixes: *f1}}\npackages: [";
  for (int i = 0; i < 10000; ++i) yaml += i ? ", *p1" : "*p1";
  yaml += "]\n";
  TempDir dir;
  auto feed = ReadSecdbFeed(dir.Write("bomb.yaml", yaml));
  ASSERT_FALSE(feed.has_value());
  EXPECT_NE(feed.error().message.find("more than"), std::string::npos) << feed.error().message;
}

}  // namespace
}  // namespace drydock
