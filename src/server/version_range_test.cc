#include "server/version_range.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

bool In(std::string_view ecosystem, std::string_view version, std::string_view range) {
  auto bounds = ParseVersionRange(range);
  EXPECT_TRUE(bounds) << range;
  return bounds && InVersionRange(ecosystem, version, *bounds);
}

TEST(VersionRangeTest, EachEcosystemByItsOwnOrder) {
  EXPECT_TRUE(In("maven", "2.14.1", "<2.17.1"));
  EXPECT_FALSE(In("maven", "2.17.1", "<2.17.1"));
  EXPECT_TRUE(In("maven", "2.17.0", ">=2.0-beta9,<2.17.1"));
  EXPECT_TRUE(In("npm", "4.17.20", "<4.17.21"));
  EXPECT_FALSE(In("npm", "4.17.21", "<4.17.21"));
  EXPECT_TRUE(In("npm", "4.17.21", "=4.17.21"));
  EXPECT_TRUE(In("npm", "4.17.21", "4.17.21"));
  // dpkg: the epoch wins and '~' sorts before the release; a string compare gets both wrong.
  EXPECT_TRUE(In("deb", "1:1.2.13.dfsg-1", ">2.0"));
  EXPECT_TRUE(In("deb", "1.0~rc1-1", "<1.0-1"));
  EXPECT_TRUE(In("pypi", "2.0.0rc1", "<2.0.0"));
  EXPECT_FALSE(In("unknown-ecosystem", "1.0", "<2.0"));
}

TEST(VersionRangeTest, RejectsBrokenRanges) {
  for (const char* bad : {"", "<", ",<2", "<2,", ">=1,<2,<3,<4,<5,<6,<7,<8,<9"}) {
    auto bounds = ParseVersionRange(bad);
    ASSERT_FALSE(bounds) << bad;
    EXPECT_EQ(bounds.error().code, ErrorCode::kInvalidInput);
  }
}

}  // namespace
}  // namespace drydock
