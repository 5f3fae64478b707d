// Application version schemes (Go, Cargo/semver, Maven, NuGet) against osv-scalibr's real ordering vectors
// (Maven's were generated with Maven's own ComparableVersion) and against each ecosystem's documented rules.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "match/version.h"

namespace drydock {
namespace {

using CompareFn = int (*)(std::string_view, std::string_view);

int Sign(int c) { return (c > 0) - (c < 0); }

// Checks every "a OP b" line of one vector file; blank lines and '#' or '//' comments are the only lines
// skipped. Returns the number of relations checked.
int CheckVectorFile(std::string_view name, CompareFn compare) {
  const std::string path = std::string(DRYDOCK_TESTDATA) + "/google+osv-scalibr/semantic/testdata/" +
                           std::string(name);
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  int checked = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#') || line.starts_with("//")) continue;
    std::istringstream fields(line);
    std::string a, op, b, extra;
    fields >> a >> op >> b;
    if (b.empty() || (fields >> extra) || !(op == "<" || op == "=" || op == ">")) {
      ADD_FAILURE() << name << ":" << number << ": cannot read relation: " << line;
      continue;
    }
    const int want = op == "<" ? -1 : op == ">" ? 1 : 0;
    const std::string where = std::string(name) + ":" + std::to_string(number) + ": " + line;
    EXPECT_EQ(Sign(compare(a, b)), want) << where;
    EXPECT_EQ(Sign(compare(b, a)), -want) << where << " (antisymmetry)";
    EXPECT_EQ(compare(a, a), 0) << where << " (reflexivity)";
    ++checked;
  }
  return checked;
}

struct Relation {
  const char* a;
  int want;
  const char* b;
};

void CheckRelations(CompareFn compare, const std::vector<Relation>& cases) {
  for (const Relation& c : cases) {
    EXPECT_EQ(Sign(compare(c.a, c.b)), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(Sign(compare(c.b, c.a)), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(MavenVersionVectorsTest, EveryRelationHolds) {
  EXPECT_GT(CheckVectorFile("maven-versions.txt", CompareMavenVersions), 80);
  EXPECT_GT(CheckVectorFile("maven-versions-generated.txt", CompareMavenVersions), 14000);
}

TEST(NugetVersionVectorsTest, EveryRelationHolds) {
  EXPECT_GT(CheckVectorFile("nuget-versions.txt", CompareNugetVersions), 30);
}

TEST(SemverVersionVectorsTest, EveryRelationHoldsForCargoAndGo) {
  EXPECT_GT(CheckVectorFile("semver-versions.txt", CompareSemverVersions), 80);
  EXPECT_GT(CheckVectorFile("semver-versions.txt", CompareGoVersions), 80);
}

TEST(CompareGoVersionsTest, FollowsGoModuleRules) {
  CheckRelations(CompareGoVersions, {
      {"v1.2.3", 0, "1.2.3"},  // OSV's Go ranges drop the 'v'
      {"v0.0.0-20191109021931-daa7c04131db", -1, "v0.0.0-20200101000000-aaaaaaaaaaaa"},  // pseudo by time
      {"v0.0.0-20191109021931-daa7c04131db", -1, "v0.0.1"},
      {"v1.2.4-0.20191109021931-daa7c04131db", 1, "v1.2.3"},  // pseudo after v1.2.3, before v1.2.4
      {"v1.2.4-0.20191109021931-daa7c04131db", -1, "v1.2.4"},
      {"v1.2.4-pre.0.20191109021931-daa7c04131db", 1, "v1.2.4-pre"},
      {"v2.0.0+incompatible", 0, "2.0.0"},  // +incompatible is build metadata
      {"v2.0.0+incompatible", -1, "v2.0.1+incompatible"},
      {"v1.10.0", 1, "v1.9.9"},
      {"v1.22.0-rc.1", -1, "v1.22.0"},
      {"go1.21.3", 0, "1.21.3"},  // a toolchain version as the stdlib package may carry it
  });
}

TEST(CompareSemverVersionsTest, FollowsSemverSection11) {
  CheckRelations(CompareSemverVersions, {
      {"1.0.0-alpha", -1, "1.0.0-alpha.1"}, {"1.0.0-alpha.1", -1, "1.0.0-alpha.beta"},
      {"1.0.0-beta.2", -1, "1.0.0-beta.11"}, {"1.0.0-rc.1", -1, "1.0.0"},
      {"1.0.0+build.1", 0, "1.0.0+build.2"}, {"0.3.10", 1, "0.3.9"},
      {"1.0.0-alpha", -1, "1.0.0-alpha."},  // an empty identifier still sorts deterministically
  });
}

TEST(CompareMavenVersionsTest, FollowsPomReferenceOrder) {
  CheckRelations(CompareMavenVersions, {
      {"1.0-alpha-1", -1, "1.0-beta-1"}, {"1.0-beta-1", -1, "1.0-milestone-1"},
      {"1.0-milestone-1", -1, "1.0-rc-1"}, {"1.0-rc-1", -1, "1.0-SNAPSHOT"},
      {"1.0-SNAPSHOT", -1, "1.0"}, {"1.0", 0, "1.0-ga"}, {"1.0", -1, "1.0-sp-1"},
      {"1.0-sp-1", -1, "1.0-foo"}, {"1.0-foo", -1, "1.0.1"}, {"2.13.4.2", 1, "2.13.4"},
      {"2.13.4.1", -1, "2.13.4.2"}, {"5.3.18", -1, "5.3.20"}, {"2.17.0", 1, "2.15.0"},
      {"2.0.0-M1", -1, "2.0.0"}, {"1.2.3.Final", 0, "1.2.3"},
  });
}

TEST(CompareNugetVersionsTest, FollowsNugetRules) {
  CheckRelations(CompareNugetVersions, {
      {"13.0.1", 1, "12.0.3"}, {"4.7.0", 0, "4.7"}, {"1.0.0-rc.1", -1, "1.0.0"},
      {"1.0.0-RC.1", 0, "1.0.0-rc.1"}, {"1.0.0.0", -1, "1.0.0.1"}, {"6.0.0-preview.7.21377.19", -1, "6.0.0"},
      {"2.1.0-preview1-final", -1, "2.1.0"},
  });
}

// Input no package manager accepts must compare without crashing, consistently, and as an order.
TEST(LangVersionGarbageTest, TotalOrderWithoutCrashing) {
  const std::vector<std::string> garbage = {
      "", "v", "-", "+", ".", "..", "1.", "1..2", "1-", "1-.", "1--", "-1", "1.0.0-", "1.0.0-+",
      "\xff", std::string("1\0", 2), std::string(5000, '9'), std::string(6000, '-'),
      "1" + std::string(5000, '-') + "a", std::string(3000, 'a') + std::string(3000, '1'),
      "1.0.0-" + std::string(4000, '.'), "99999999999999999999999.1",
  };
  for (CompareFn compare : {CompareSemverVersions, CompareGoVersions, CompareMavenVersions,
                            CompareNugetVersions}) {
    for (const std::string& a : garbage) {
      EXPECT_EQ(compare(a, a), 0) << a.substr(0, 40);
      for (const std::string& b : garbage) {
        EXPECT_EQ(Sign(compare(a, b)), -Sign(compare(b, a))) << a.substr(0, 40) << " vs " << b.substr(0, 40);
      }
    }
  }
}

TEST(SchemeForEcosystemTest, ApplicationEcosystems) {
  ASSERT_NE(SchemeForEcosystem("Go"), nullptr);
  EXPECT_EQ(SchemeForEcosystem("Go")->Name(), "go");
  EXPECT_EQ(SchemeForEcosystem("Maven")->Name(), "maven");
  EXPECT_EQ(SchemeForEcosystem("crates.io")->Name(), "cargo");
  EXPECT_EQ(SchemeForEcosystem("NuGet")->Name(), "nuget");
}

}  // namespace
}  // namespace drydock
