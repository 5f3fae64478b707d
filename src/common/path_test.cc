#include "common/path.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(NormalizePathTest, CleansNamesInsideTheRoot) {
  const std::pair<const char*, const char*> cases[] = {
      {"./etc/os-release", "etc/os-release"}, {"/etc/abs", "etc/abs"},     {"a//b/./c", "a/b/c"},
      {"a/b/../c", "a/c"},                    {"./", ""},                   {"a/", "a"},
      {"deep/../../", nullptr},               {"../../etc/evil", nullptr}, {"a/../../b", nullptr},
  };
  for (auto [in, want] : cases) {
    auto got = NormalizePath(in);
    if (want == nullptr) {
      EXPECT_FALSE(got.has_value()) << in << " must be rejected";
    } else {
      ASSERT_TRUE(got.has_value()) << in;
      EXPECT_EQ(*got, want) << in;
    }
  }
}

TEST(PathBaseNameTest, IsTheLastSegment) {
  EXPECT_EQ(PathBaseName("app/web/pubspec.lock"), "pubspec.lock");
  EXPECT_EQ(PathBaseName("Cargo.lock"), "Cargo.lock");
  EXPECT_EQ(PathBaseName("usr/lib/"), "");
  EXPECT_EQ(PathBaseName(""), "");
}

TEST(ResolveLinkTargetTest, StaysInsideTheImageRoot) {
  EXPECT_EQ(ResolveLinkTarget("etc/os-release", "../usr/lib/os-release"), "usr/lib/os-release");
  EXPECT_EQ(ResolveLinkTarget("etc/link", "/etc/passwd"), "etc/passwd");
  EXPECT_EQ(ResolveLinkTarget("a/b", "../../../../etc/shadow"), "etc/shadow");
  EXPECT_EQ(ResolveLinkTarget("a", "b"), "b");
}

}  // namespace
}  // namespace drydock
