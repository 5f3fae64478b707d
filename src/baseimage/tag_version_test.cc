#include "baseimage/tag_version.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace drydock::baseimage {
namespace {

TEST(TagVersion, SplitsPrefixNumbersAndVariant) {
  auto v = ParseTagVersion("12.4-slim");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->prefix, "");
  EXPECT_EQ(v->numbers, (std::vector<std::uint64_t>{12, 4}));
  EXPECT_EQ(v->variant, "-slim");
  v = ParseTagVersion("v3.19");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->prefix, "v");
  EXPECT_EQ(v->numbers, (std::vector<std::uint64_t>{3, 19}));
  EXPECT_EQ(v->variant, "");
  v = ParseTagVersion("3.12.1-alpine3.19");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->numbers.size(), 3u);
  EXPECT_EQ(v->variant, "-alpine3.19");
  v = ParseTagVersion("12.rc1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->numbers, (std::vector<std::uint64_t>{12}));
  EXPECT_EQ(v->variant, ".rc1");
}

TEST(TagVersion, TagsWithoutAVersionAreNone) {
  for (const char* tag : {"", "latest", "bookworm-slim", "v", "vx1", "x1.2", "1234567890123.1", "1.2.3.4.5.6.7.8.9"}) {
    EXPECT_FALSE(ParseTagVersion(tag)) << tag;
  }
}

TEST(TagVersion, OrderIsByNumberNotByString) {
  std::vector<std::string> tags = {"3.9", "3.21", "3.19", "3.10", "3.2"};
  std::sort(tags.begin(), tags.end(), [](const std::string& a, const std::string& b) {
    return CompareNumbers(*ParseTagVersion(a), *ParseTagVersion(b)) < 0;
  });
  EXPECT_EQ(tags, (std::vector<std::string>{"3.2", "3.9", "3.10", "3.19", "3.21"}));
}

TEST(TagVersion, FamiliesShareVariantPrefixAndPrecision) {
  auto base = *ParseTagVersion("12.4-slim");
  EXPECT_TRUE(SameFamily(base, *ParseTagVersion("12.8-slim")));
  EXPECT_TRUE(SameFamily(base, *ParseTagVersion("13.1-slim")));
  EXPECT_FALSE(SameFamily(base, *ParseTagVersion("12.8")));
  EXPECT_FALSE(SameFamily(base, *ParseTagVersion("12-slim")));
  EXPECT_FALSE(SameFamily(base, *ParseTagVersion("v12.8-slim")));
  EXPECT_TRUE(SameVersion(base, *ParseTagVersion("12.4")));
  EXPECT_FALSE(SameVersion(base, *ParseTagVersion("12.5")));
}

}  // namespace
}  // namespace drydock::baseimage
