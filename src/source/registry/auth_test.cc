#include "source/registry/auth.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(AuthTest, ParsesBearerChallengeWithCommasInsideQuotes) {
  auto c = ParseChallenge(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push")");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scheme, "bearer");
  EXPECT_EQ(c->params["realm"], "https://auth.docker.io/token");
  EXPECT_EQ(c->params["service"], "registry.docker.io");
  EXPECT_EQ(c->params["scope"], "repository:a/b:pull,push");
}

TEST(AuthTest, ParsesBasicChallenge) {
  auto c = ParseChallenge(R"(Basic realm="Registry Realm")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "basic");
  EXPECT_EQ(c->params["realm"], "Registry Realm");
}

TEST(AuthTest, RejectsMalformedChallenges) {
  for (const char* header : {"", R"(Bearer realm="unterminated)", "Bearer realm"}) {
    EXPECT_FALSE(ParseChallenge(header)) << header;
  }
}

TEST(AuthTest, TokenUrlEscapesAndDefaultsTheScope) {
  auto c = ParseChallenge(R"(Bearer realm="https://auth.example/token",service="reg x")");
  auto url = TokenUrl(*c, "library/alpine", false);
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(*url, "https://auth.example/token?service=reg%20x&scope=repository%3Alibrary%2Falpine%3Apull");
}

TEST(AuthTest, TokenUrlRefusesAPlainHttpRealmUnlessAllowed) {
  auto c = ParseChallenge(R"(Bearer realm="http://auth.example/token")");
  EXPECT_FALSE(TokenUrl(*c, "a", false));
  EXPECT_TRUE(TokenUrl(*c, "a", true));
  EXPECT_FALSE(TokenUrl(*ParseChallenge("Bearer service=x"), "a", true));
}

TEST(AuthTest, TokenResponse) {
  EXPECT_EQ(*ParseTokenResponse(R"({"token":"t1"})"), "t1");
  EXPECT_EQ(*ParseTokenResponse(R"({"access_token":"t2"})"), "t2");
  for (const char* bad : {"", "[]", R"({"token":""})", "{", R"({"token":5})"}) {
    EXPECT_FALSE(ParseTokenResponse(bad)) << bad;
  }
}

}  // namespace
}  // namespace drydock
