#include <gtest/gtest.h>

#include <string>

#include "match/version.h"
#include "match/version_vectors.h"

namespace drydock {
namespace {

TEST(SemverVersionTest, EveryOsvScalibrVector) {
  EXPECT_GE(CheckVersionVectors("semver-versions.txt", CompareSemverVersions), 80);
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
