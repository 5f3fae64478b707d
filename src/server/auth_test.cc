#include "server/auth.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/http_util.h"

namespace drydock {
namespace {

TEST(AuthTest, TokensAreRandomAndStoredAsHashes) {
  std::string a = NewApiToken(), b = NewApiToken();
  EXPECT_TRUE(a.starts_with("ddk_"));
  EXPECT_EQ(a.size(), 4u + 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(HashApiToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
  EXPECT_EQ(HashApiToken(a).find(a.substr(4)), std::string::npos);
}

TEST(AuthTest, ScopesNormaliseAndImply) {
  EXPECT_EQ(*NormaliseScopes(" scan, read ,read"), "read,scan");
  for (const char* bad : {"", ",", "root", "read,write"}) EXPECT_FALSE(NormaliseScopes(bad)) << bad;
  EXPECT_TRUE(ScopesAllow("read", Scope::kRead));
  EXPECT_FALSE(ScopesAllow("read", Scope::kScan));
  EXPECT_TRUE(ScopesAllow("scan", Scope::kRead));
  EXPECT_FALSE(ScopesAllow("read,scan", Scope::kAdmin));
  EXPECT_TRUE(ScopesAllow("admin", Scope::kScan));
  EXPECT_FALSE(ScopesAllow("readonly", Scope::kRead));  // whole words only
}

TEST(AuthTest, BearerHeaders) {
  EXPECT_EQ(BearerToken("Bearer ddk_1"), "ddk_1");
  EXPECT_EQ(BearerToken("Basic YWxpY2U6cHc="), "");
  EXPECT_EQ(BearerToken(""), "");
  EXPECT_EQ(BearerToken("Bearer "), "");
}

TEST(HttpUtilTest, IdsThatCouldBePathsAreRejected) {
  EXPECT_TRUE(IsImageDigest("sha256:" + std::string(64, 'a')));
  for (const std::string& bad : std::vector<std::string>{"../../etc/passwd", "sha256:..", "sha256:" + std::string(64, 'A'),
                                                        "sha512:" + std::string(64, 'a'),
                                                        "sha256:" + std::string(63, 'a') + "/"}) {
    EXPECT_FALSE(IsImageDigest(bad)) << bad;
  }
  EXPECT_TRUE(IsAdvisoryId("CVE-2021-44228"));
  EXPECT_TRUE(IsAdvisoryId("GHSA-jfh8-c2jp-5v3q"));
  for (const std::string& bad : std::vector<std::string>{"", "../x", "CVE 1", std::string(129, 'A'), "a/b"}) {
    EXPECT_FALSE(IsAdvisoryId(bad)) << bad;
  }
}

TEST(HttpUtilTest, BodiesAreBoundedAndNamedWhenBroken) {
  EXPECT_TRUE(ParseBody(R"({"image": "a"})"));
  auto truncated = ParseBody(R"({"image": )");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(truncated.error().message.find("malformed JSON body at byte"), std::string::npos);
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  auto nested = ParseBody(deep);
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested deeper"), std::string::npos) << nested.error().message;
  // A number too large for a double throws out_of_range, not parse_error: an error, not a dead server.
  auto overflow = ParseBody(R"({"image": 1e999})");
  ASSERT_FALSE(overflow);
  EXPECT_NE(overflow.error().message.find("number overflow"), std::string::npos) << overflow.error().message;
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
}

}  // namespace
}  // namespace drydock
