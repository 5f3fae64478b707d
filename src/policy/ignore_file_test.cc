#include <gtest/gtest.h>

#include "policy/policy.h"

namespace drydock {
namespace {

TEST(IgnoreTextTest, ReadsIdsNarrowingExpiryAndReason) {
  auto rules = ParseIgnoreText(
      "# accepted risks\n\nCVE-2016-8859 pkg=musl exp:2030-01-31 # patched in our fork\r\n"
      "CVE-2017-15650\nCVE-2016-9840 path=lib/apk/db/installed purl=pkg:apk/alpine/zlib\n",
      ".drydockignore");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].id, "CVE-2016-8859");
  EXPECT_EQ((*rules)[0].package, "musl");
  EXPECT_EQ((*rules)[0].expires, "2030-01-31");
  EXPECT_EQ((*rules)[0].reason, "patched in our fork");
  EXPECT_EQ((*rules)[0].where, ".drydockignore:3");
  EXPECT_EQ((*rules)[1].where, ".drydockignore:4");
  EXPECT_EQ((*rules)[2].path, "lib/apk/db/installed");
  EXPECT_EQ((*rules)[2].purl, "pkg:apk/alpine/zlib");
}

TEST(IgnoreTextTest, RejectsBadLinesNamingFileAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"CVE-1\nCVE-2 exp:2023-13-01\n", "f:2: expiry \"2023-13-01\""},
      {"CVE-1 exp:2023-02-30\n", "f:1: expiry"},
      {"CVE-1 exp:23-01-01\n", "f:1: expiry"},
      {"\n\nCVE-1 severity=high\n", "f:3: unknown field \"severity=high\""},
      {"pkg=musl\n", "f:1: \"pkg=musl\" is not an advisory id"},
      {"CVE-\x01\n", "f:1:"},
  };
  for (const auto& [text, message] : cases) {
    auto rules = ParseIgnoreText(text, "f");
    ASSERT_FALSE(rules) << text;
    EXPECT_NE(rules.error().message.find(message), std::string::npos) << rules.error().message;
  }
  EXPECT_FALSE(ParseIgnoreText(std::string(kMaxPolicyFileBytes + 1, 'a'), "big"));
}

TEST(IgnoreYamlTest, ReadsTrivyStyleEntries) {
  auto rules = ParseIgnoreYaml(R"(vulnerabilities:
  - id: CVE-2016-8859
    package: musl
    expired_at: 2030-01-31
    statement: patched in our fork
  - id: CVE-2016-9840
    paths: [lib/apk/db/installed, usr/lib/x]
)", "ignore.yaml");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].reason, "patched in our fork");
  EXPECT_EQ((*rules)[0].where, "ignore.yaml:2");
  EXPECT_EQ((*rules)[2].path, "usr/lib/x");
  EXPECT_TRUE(ParseIgnoreYaml("", "empty.yaml"));
}

TEST(IgnoreYamlTest, RejectsMalformedYamlNamingFileAndLine) {
  const std::pair<std::string, const char*> cases[] = {
      {"vulnerabilities:\n  - id: [unclosed\n", "y.yaml:"},
      {"vulnerabilities:\n  - package: musl\n", "y.yaml:2: entry without an `id`"},
      {"vulnerabilities:\n  - id: CVE-1\n    expired_at: tomorrow\n", "y.yaml:2: expired_at"},
      {"vulnerabilities:\n  - id: CVE-1\n    paths: x\n", "y.yaml:3: `paths` must be a list"},
      {"vulnerabilities:\n  - id: {a: b}\n", "y.yaml:2: `id` must be a string"},
      {"vulnerabilities: 3\n", "y.yaml:1: `vulnerabilities` must be a list"},
      {"- a\n", "y.yaml:1: expected a mapping"},
      {std::string(5000, '[') , "y.yaml:"},
  };
  for (const auto& [text, message] : cases) {
    auto rules = ParseIgnoreYaml(text, "y.yaml");
    ASSERT_FALSE(rules) << text.substr(0, 40);
    EXPECT_NE(rules.error().message.find(message), std::string::npos) << rules.error().message;
  }
}

}  // namespace
}  // namespace drydock
