#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/apk/apk.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr std::string_view kScalibr = "google+osv-scalibr/extractor/filesystem/os/apk/testdata/";

// Expected rows read off the file with `grep -E '^(P|V|A|o|L):'`.
TEST(ApkInstalledTest, ReadsEveryRecordOfARealDatabase) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "installed"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 15u);
  const Package& data = parsed->packages[1];
  EXPECT_EQ(std::tie(data.name, data.version, data.arch, data.source_name, data.ecosystem),
            std::tie("alpine-baselayout-data", "3.4.3-r1", "x86_64", "alpine-baselayout", "apk"));
  EXPECT_EQ(data.licenses, std::vector<std::string>{"GPL-2.0-only"});
  EXPECT_EQ(data.source_version, "");
  const Package& musl_utils = parsed->packages[11];
  EXPECT_EQ(std::tie(musl_utils.name, musl_utils.version, musl_utils.source_name),
            std::tie("musl-utils", "1.2.4-r0", "musl"));
  EXPECT_EQ(musl_utils.licenses, (std::vector<std::string>{"MIT", "BSD-2-Clause", "GPL-2.0-or-later"}));
  EXPECT_EQ(parsed->packages[14].name, "zlib");
}

// Owned files counted off the file with awk: R: lines joined to the F: line above them (109, first etc/motd).
TEST(ApkInstalledTest, FileListsBecomeOwnedFiles) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "installed"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->owned_files.size(), 109u);
  EXPECT_EQ(parsed->owned_files[0], "etc/motd");
  EXPECT_EQ(parsed->owned_files[1], "etc/crontabs/root");
  auto bare = ParseApkInstalled("P:x\nV:1\nR:top-level-file\n\nP:y\nV:2\nF:usr/bin\nR:y\n");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->owned_files, (std::vector<std::string>{"top-level-file", "usr/bin/y"}));
}

TEST(ApkInstalledTest, OriginDefaultsToTheName) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "no-origin"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].source_name, "pkgname");
  EXPECT_EQ(parsed->packages[0].version, "1.2.3");
}

TEST(ApkInstalledTest, EmptyDatabaseHasNoPackages) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "empty"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->packages.empty());
  EXPECT_TRUE(parsed->skipped.empty());
}

// Trivy's fixture holds a record with P: and no V: at line 23 (`grep -nE '^(P|V):'`); that record is skipped
// and listed, and the 15 records around it still come back, in file order.
TEST(ApkInstalledTest, MalformedRecordIsSkippedAndTheRestKept) {
  auto parsed = ParseApkInstalled(TestData("aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->skipped.size(), 1u) << Joined(parsed->skipped);
  EXPECT_EQ(parsed->skipped[0], "record at line 23: package invalidPackageWithoutAVersion: no V: (version)");
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"musl", "1.1.14-r10"},
                                      {"busybox", "1.24.2-r9"},
                                      {"alpine-baselayout", "3.0.3-r0"},
                                      {"alpine-keys", "1.1-r0"},
                                      {"zlib", "1.2.8-r2"},
                                      {"libcrypto1.0", "1.0.2h-r1"},
                                      {"libssl1.0", "1.0.2h-r1"},
                                      {"apk-tools", "2.6.7-r0"},
                                      {"scanelf", "1.1.6-r0"},
                                      {"musl-utils", "1.1.14-r10"},
                                      {"libc-utils", "0.7-r0"},
                                      {"pkgconf", "1.6.0-r0"},
                                      {"sqlite-libs", "3.26.0-r3"},
                                      {"test", "2.9.11_pre20061021-r2"},
                                      {"ada-libs", "2.7.4-r0"}}));
}

// Each malformed record is skipped with a message naming the line and the problem; the good ones stay.
TEST(ApkInstalledTest, MalformedRecordsAreSkippedAndListed) {
  struct Case {
    std::string bytes;
    std::vector<std::string> want_skipped;  // substrings, one per skipped record, in order
    std::vector<NameVersion> want_packages;
  };
  const Case cases[] = {
      // scalibr's "invalid" is "asdf", a blank line, "yolo": two records, neither "K:value".
      {TestData(std::string(kScalibr) + "invalid"),
       {"record at line 1: line 1: not a \"K:value\" line", "record at line 3: line 3: not a \"K:value\" line"},
       {}},
      {"V:1.0\nA:x86_64\n", {"record at line 1: no P:"}, {}},
      {"P:a\nV:1\nP:b\n", {"record at line 1: line 3: P: given twice"}, {}},
      {"P:a\nV:1\n\nP:b\nV:2\n garbage\n", {"record at line 4: line 6: not a"}, {{"a", "1"}}},
      {"P:\nV:1\n\nP:ok\nV:2\n", {"record at line 1: empty name"}, {{"ok", "2"}}},
      {"P:a b\nV:1\n", {"record at line 1: name \"a b\" holds whitespace"}, {}},
      {"P:x\nV:1\n\nP:y\n\nP:z\nV:3\nA:\n\nP:w\nV:4\n",
       {"record at line 4: package y: no V:", "record at line 6: package z: empty arch"},
       {{"x", "1"}, {"w", "4"}}},
  };
  for (const Case& c : cases) {
    auto parsed = ParseApkInstalled(c.bytes);
    ASSERT_TRUE(parsed.has_value()) << c.bytes << ": " << parsed.error().message;
    ASSERT_EQ(parsed->skipped.size(), c.want_skipped.size()) << c.bytes << ": " << Joined(parsed->skipped);
    for (std::size_t i = 0; i < c.want_skipped.size(); ++i) {
      EXPECT_NE(parsed->skipped[i].find(c.want_skipped[i]), std::string::npos)
          << c.bytes << ": " << parsed->skipped[i];
    }
    EXPECT_EQ(NameVersions(parsed->packages), c.want_packages) << c.bytes;
  }
}

// A file that is not a text database at all is still an Error: no list from it can be trusted.
TEST(ApkInstalledTest, UnreadableFilesAreErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {std::string("P:a\nV:1\0\n", 9), "line 2: NUL byte"},
      {std::string(kMaxApkDatabaseBytes + 1, '\n'), "over the"},
  };
  for (const auto& [bytes, want] : cases) {
    auto parsed = ParseApkInstalled(bytes);
    ASSERT_FALSE(parsed.has_value()) << want;
    EXPECT_NE(parsed.error().message.find(want), std::string::npos) << parsed.error().message;
  }
}

TEST(ApkInstalledTest, ToleratesCrlfMissingNewlineAndLongLines) {
  const std::string bytes = "C:Q1abc\r\nP:musl\r\nV:1.1.22-r3\r\nT:" + std::string(100'000, 'x') +
                            "\r\nF:lib\r\nR:a\r\nR:b\r\n\r\nP:zlib\r\nV:1.2.11-r1";
  auto parsed = ParseApkInstalled(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 2u);
  EXPECT_EQ(parsed->packages[0].version, "1.1.22-r3");
  EXPECT_EQ(parsed->packages[1].version, "1.2.11-r1");
  EXPECT_EQ(parsed->packages[1].arch, "");
}

TEST(ApkCatalogerTest, WantsTheInstalledDatabase) {
  const ApkCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("lib/apk/db/installed"));
  EXPECT_TRUE(cataloger.Required("usr/lib/apk/db/installed"));
  EXPECT_FALSE(cataloger.Required("lib/apk/db/triggers"));
  EXPECT_FALSE(cataloger.Required("/lib/apk/db/installed"));
  auto parsed = cataloger.Parse("lib/apk/db/installed", TestData(std::string(kScalibr) + "different-arch"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].arch, "noarch");
  EXPECT_EQ(parsed->packages[0].path, "lib/apk/db/installed");
  // The cataloger passes skipped records through and still stamps the path on the good ones.
  auto partial = cataloger.Parse("lib/apk/db/installed", "P:a\nV:1\n\nP:b\n");
  ASSERT_TRUE(partial.has_value()) << partial.error().message;
  ASSERT_EQ(partial->packages.size(), 1u);
  EXPECT_EQ(partial->packages[0].path, "lib/apk/db/installed");
  ASSERT_EQ(partial->skipped.size(), 1u);
  EXPECT_NE(partial->skipped[0].find("package b: no V:"), std::string::npos) << partial->skipped[0];
  EXPECT_FALSE(cataloger.Parse("lib/apk/db/installed", std::string_view("P:a\0", 4)).has_value());
}

}  // namespace
}  // namespace drydock
