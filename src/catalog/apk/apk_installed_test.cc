#include <gtest/gtest.h>

#include <string>
#include <tuple>
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
  ASSERT_EQ(parsed->size(), 15u);
  const Package& data = (*parsed)[1];
  EXPECT_EQ(std::tie(data.name, data.version, data.arch, data.source_name, data.ecosystem),
            std::tie("alpine-baselayout-data", "3.4.3-r1", "x86_64", "alpine-baselayout", "apk"));
  EXPECT_EQ(data.licenses, std::vector<std::string>{"GPL-2.0-only"});
  EXPECT_EQ(data.source_version, "");
  const Package& musl_utils = (*parsed)[11];
  EXPECT_EQ(std::tie(musl_utils.name, musl_utils.version, musl_utils.source_name),
            std::tie("musl-utils", "1.2.4-r0", "musl"));
  EXPECT_EQ(musl_utils.licenses, (std::vector<std::string>{"MIT", "BSD-2-Clause", "GPL-2.0-or-later"}));
  EXPECT_EQ((*parsed)[14].name, "zlib");
}

TEST(ApkInstalledTest, OriginDefaultsToTheName) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "no-origin"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].source_name, "pkgname");
  EXPECT_EQ((*parsed)[0].version, "1.2.3");
}

TEST(ApkInstalledTest, EmptyDatabaseHasNoPackages) {
  auto parsed = ParseApkInstalled(TestData(std::string(kScalibr) + "empty"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->empty());
}

// Trivy's fixture holds a record with P: and no V: at line 23; it fails the file rather than vanishing.
TEST(ApkInstalledTest, MalformedRecordsFailTheFile) {
  const std::pair<std::string, std::string> cases[] = {
      {TestData("aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk"),
       "record at line 23: package invalidPackageWithoutAVersion: no V:"},
      {TestData(std::string(kScalibr) + "invalid"), "line 1: not a \"K:value\" line"},
      {"V:1.0\nA:x86_64\n", "record at line 1: no P:"},
      {"P:a\nV:1\nP:b\n", "line 3: P: given twice"},
      {"P:a\nV:1\n\nP:b\nV:2\n garbage\n", "line 6: not a"},
      {"P:\nV:1\n", "empty name"},
      {"P:a b\nV:1\n", "holds whitespace"},
      {std::string("P:a\nV:1\0\n", 9), "NUL"},
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
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].version, "1.1.22-r3");
  EXPECT_EQ((*parsed)[1].version, "1.2.11-r1");
  EXPECT_EQ((*parsed)[1].arch, "");
}

TEST(ApkCatalogerTest, WantsTheInstalledDatabase) {
  const ApkCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("lib/apk/db/installed"));
  EXPECT_TRUE(cataloger.Required("usr/lib/apk/db/installed"));
  EXPECT_FALSE(cataloger.Required("lib/apk/db/triggers"));
  EXPECT_FALSE(cataloger.Required("/lib/apk/db/installed"));
  auto parsed = cataloger.Parse("lib/apk/db/installed", TestData(std::string(kScalibr) + "different-arch"));
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].arch, "noarch");
  EXPECT_EQ((*parsed)[0].path, "lib/apk/db/installed");
}

}  // namespace
}  // namespace drydock
