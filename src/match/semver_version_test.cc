#include <gtest/gtest.h>

#include <string>

#include "match/version.h"
#include "match/version_vectors.h"

namespace drydock {
namespace {

TEST(SemverVersionTest, EveryOsvScalibrVector) {
  EXPECT_GE(CheckVersionVectors("semver-versions.txt", CompareSemverVersions), 80);
}

// pub_semver's order (Pub; Julia's VersionNumber orders the same way): build metadata counts after the release.
TEST(SemverVersionTest, PubVectorsOrderBuildMetadata) {
  EXPECT_GE(CheckVersionVectors("pub-versions.txt", CompareBuildOrderedSemver), 60);
  EXPECT_LT(CompareBuildOrderedSemver("1.10.16", "1.10.17"), 0);
  EXPECT_LT(CompareBuildOrderedSemver("1.10.17", "1.10.17+0"), 0);
}

// SwiftURL, Hex and ConanCenter are judged as SemVer, with build metadata ignored (OSV's own comparators).
TEST(SemverVersionTest, NewEcosystemsHaveSchemes) {
  for (const char* ecosystem : {"Hex", "SwiftURL", "ConanCenter"}) {
    const VersionScheme* scheme = SchemeForEcosystem(ecosystem);
    ASSERT_NE(scheme, nullptr) << ecosystem;
    EXPECT_EQ(scheme->Compare("2.42.0+build", "2.42.0"), 0) << ecosystem;
    EXPECT_LT(scheme->Compare("2.41.0", "2.42.0"), 0) << ecosystem;
  }
  for (const char* ecosystem : {"Pub", "Julia"}) {
    const VersionScheme* scheme = SchemeForEcosystem(ecosystem);
    ASSERT_NE(scheme, nullptr) << ecosystem;
    EXPECT_GT(scheme->Compare("1.0.0+1", "1.0.0"), 0) << ecosystem;
  }
}

// semver.org section 11's example chain, and npm-style leniency.
TEST(SemverVersionTest, SpecExamplesAndLeniency) {
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                         "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"};
  for (std::size_t i = 1; i < std::size(chain); ++i) {
    EXPECT_LT(CompareSemverVersions(chain[i - 1], chain[i]), 0) << chain[i - 1] << " < " << chain[i];
  }
  EXPECT_EQ(CompareSemverVersions("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(CompareSemverVersions("=1.2.3", "1.2.3"), 0);
  EXPECT_EQ(CompareSemverVersions("1.2", "1.2.0"), 0);
  EXPECT_EQ(CompareSemverVersions("1.0.0+a", "1.0.0+b"), 0);
  EXPECT_LT(CompareSemverVersions("1.9.0", "1.10.0"), 0);
  EXPECT_LT(CompareSemverVersions("99999999999999999999.0.0", "100000000000000000000.0.0"), 0);
}

// Input no registry would accept still gets a total, crash-free order.
TEST(SemverVersionTest, GarbageIsOrderedNotFatal) {
  const std::string junk[] = {"", "-", "+", ".", "..", "v", "1..2", "a.b.c", "1.0.0-", "1.0.0-.",
                              std::string(10000, '9')};
  for (const std::string& a : junk) {
    for (const std::string& b : junk) {
      EXPECT_EQ(CompareSemverVersions(a, b), -CompareSemverVersions(b, a)) << a << " vs " << b;
    }
  }
}

}  // namespace
}  // namespace drydock
