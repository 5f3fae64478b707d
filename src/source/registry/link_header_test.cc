#include "source/registry/link_header.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(NextLink, ReadsTheNextTargetAsRegistriesSendIt) {
  // distribution v3 and Docker Hub: a path with the query of the next page.
  auto next = NextLink(R"(</v2/library/debian/tags/list?last=12.4-slim&n=100>; rel="next")");
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, "/v2/library/debian/tags/list?last=12.4-slim&n=100");
  // Absolute, unquoted rel, several links and relation types, other parameters before rel.
  next = NextLink(R"(<https://r.example/v2/a/tags/list?n=2&last=b>; title="x;y, z"; REL=Next)");
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, "https://r.example/v2/a/tags/list?n=2&last=b");
  next = NextLink(R"(</first>; rel="first", </p2>; rel="prefetch next")");
  ASSERT_TRUE(next && *next);
  EXPECT_EQ(**next, "/p2");
}

TEST(NextLink, NoNextRelationIsTheLastPage) {
  EXPECT_FALSE(*NextLink(""));
  EXPECT_FALSE(*NextLink("   "));
  EXPECT_FALSE(*NextLink(R"(</v2/a/tags/list?n=2>; rel="prev")"));
  EXPECT_FALSE(*NextLink(R"(</nextdoor>; rel="nextdoor")"));
  EXPECT_FALSE(*NextLink(R"(</x>; rel)"));
}

TEST(NextLink, BrokenHeadersAreErrors) {
  for (const char* broken : {"/v2/a/tags/list; rel=next", "</v2/a/tags/list; rel=next", R"(</x>; rel="next)",
                             R"(</x> rel="next")", "<", R"(</a>; rel="prev", junk; rel=next)"}) {
    EXPECT_FALSE(NextLink(broken)) << broken;
  }
}

}  // namespace
}  // namespace drydock
