// rpm's version order against osv-scalibr's redhat vectors (full EVR strings) and claircore's copy of rpm's
// own tests/rpmvercmp.at (single version strings), plus input rpm would never produce.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "match/version.h"

namespace drydock {
namespace {

using CompareFn = int (*)(std::string_view, std::string_view);

int Sign(int c) { return (c > 0) - (c < 0); }

// Checks every "a OP b" line of `path` (OP is <, >, = or ==); blank lines and '#' comments are skipped.
// Returns the number of relations checked.
int CheckRelationFile(const std::filesystem::path& path, CompareFn compare) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  int checked = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t") == std::string::npos || line.starts_with('#')) continue;
    std::istringstream fields(line);
    std::string a, op, b, extra;
    fields >> a >> op >> b;
    const bool ok = !b.empty() && !(fields >> extra) && (op == "<" || op == ">" || op == "=" || op == "==");
    if (!ok) {
      ADD_FAILURE() << path.filename() << ":" << number << ": cannot read relation: " << line;
      continue;
    }
    const int want = op == "<" ? -1 : op == ">" ? 1 : 0;
    const std::string where = path.filename().string() + ":" + std::to_string(number) + ": " + line;
    EXPECT_EQ(Sign(compare(a, b)), want) << where;
    EXPECT_EQ(Sign(compare(b, a)), -want) << where << " (antisymmetry)";
    EXPECT_EQ(compare(a, a), 0) << where << " (reflexivity)";
    ++checked;
  }
  return checked;
}

TEST(RpmVersionVectorsTest, EveryScalibrRedhatRelationHolds) {
  const std::filesystem::path dir = DRYDOCK_TESTDATA "/google+osv-scalibr/semantic/testdata";
  int checked = 0;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("redhat-versions") || !name.ends_with(".txt")) continue;
    ++files;
    checked += CheckRelationFile(entry.path(), CompareRpmVersions);
  }
  EXPECT_GE(files, 1);
  EXPECT_GT(checked, 150);
  RecordProperty("relations", checked);
}

TEST(RpmVersionVectorsTest, EveryRpmvercmpAtRelationHolds) {
  const int checked =
      CheckRelationFile(DRYDOCK_TESTDATA "/quay+claircore/internal/rpmver/testdata/rpmvercmp", RpmVerCmp);
  EXPECT_GT(checked, 90);
}

TEST(RpmVerCmpTest, FollowsRpmRules) {
  const struct {
    const char* a;
    int want;
    const char* b;
  } cases[] = {
      {"1.0~rc1", -1, "1.0"}, {"1.0~", -1, "1.0"},   {"1.0~~", -1, "1.0~"},    {"1.0", -1, "1.0^"},
      {"1.0^", -1, "1.0a"},   {"1.0^", -1, "1.0.1"}, {"1.0^a", 1, "1.0^"},     {"1a", -1, "1.1"},
      {"1.010", 0, "1.10"},   {"1.9", -1, "1.10"},   {"1..0", 0, "1.0"},       {"A", -1, "a"},
      {"el7", -1, "el8"},     {"el7_9", 1, "el7"},   {"1.fc17", 1, "1b.fc17"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Sign(RpmVerCmp(c.a, c.b)), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(Sign(RpmVerCmp(c.b, c.a)), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(CompareRpmVersionsTest, ComparesEpochVersionRelease) {
  EXPECT_GT(CompareRpmVersions("1:1.0-1", "2.0-1"), 0);
  EXPECT_EQ(CompareRpmVersions("0:1.0-1", "1.0-1"), 0);
  EXPECT_EQ(CompareRpmVersions(":1.0-1", "1.0-1"), 0);  // empty epoch is 0
  EXPECT_LT(CompareRpmVersions("1.0-1.el8", "1.0-1.el8_4"), 0);
  EXPECT_LT(CompareRpmVersions("1.0", "1.0-0"), 0);  // a missing release sorts first
  EXPECT_LT(CompareRpmVersions("2.9.1-3.el9", "2.10-1.el9"), 0);
  EXPECT_LT(CompareRpmVersions("1.2-3-4", "1.2-3-5"), 0);  // the release follows the last '-'
}

// Garbage compares without crashing (ASan/UBSan), antisymmetrically and transitively.
TEST(CompareRpmVersionsTest, GarbageIsATotalOrder) {
  const std::vector<std::string> versions = {
      "",
      " ",
      "~",
      "^",
      "~^",
      "^~",
      "-",
      ":",
      "::",
      "1:",
      ":1",
      "a:1",
      "1-",
      "1--",
      "-1",
      "1-~",
      "1~-1",
      "1.0",
      "1.0~rc1",
      "1.0^git1",
      "1:1.0-1",
      "1.0-1.el9",
      "1.0a",
      "\xff\xfe",
      std::string("1\0"
                  "2",
                  3),
      std::string(3000, '9'),
      std::string(3000, '0') + "1",
      "1." + std::string(300, '7'),
      "1^^^^",
      "~~~~1",
      "18446744073709551616:1",
      "99999999999999999999",
  };
  for (const std::string& a : versions) {
    EXPECT_EQ(CompareRpmVersions(a, a), 0) << a;
    for (const std::string& b : versions) {
      const int ab = Sign(CompareRpmVersions(a, b));
      EXPECT_EQ(ab, -Sign(CompareRpmVersions(b, a))) << "[" << a << "] vs [" << b << "]";
      if (ab > 0) continue;
      for (const std::string& c : versions) {
        if (Sign(CompareRpmVersions(b, c)) > 0) continue;
        EXPECT_LE(Sign(CompareRpmVersions(a, c)), 0) << a << " <= " << b << " <= " << c;
      }
    }
  }
}

TEST(SchemeForEcosystemTest, RpmDistributions) {
  for (const char* key : {"AlmaLinux:9", "Rocky Linux:9", "Red Hat:rhel_aus:8.4::appstream",
                          "SUSE:Linux Enterprise Server 15 SP5", "openSUSE:Leap 15.5", "Mageia:9",
                          "Photon OS:5.0", "Azure Linux:3"}) {
    const VersionScheme* scheme = SchemeForEcosystem(key);
    ASSERT_NE(scheme, nullptr) << key;
    EXPECT_EQ(scheme->Name(), "rpm") << key;
  }
  EXPECT_LT(SchemeForEcosystem("AlmaLinux:9")->Compare("1.0-1.el9", "1.0-1.el9_3"), 0);
}

}  // namespace
}  // namespace drydock
