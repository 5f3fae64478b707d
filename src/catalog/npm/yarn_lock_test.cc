// yarn.lock v1 and Berry against trivy's and syft's real lockfiles (entries read off the files), and broken
// input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/npm/npm.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kSyft = "anchore+syft/syft/pkg/cataloger/javascript/testdata/";

TEST(YarnLockTest, TrivyV1) {
  auto parsed =
      ParseYarnLock(TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/yarn/yarn.lock"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  // jquery@^3.2.1 resolved to 3.2.1 (the tarball URL says 3.4.1; the version field is what yarn installed).
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"asap", "2.0.6"}, {"jquery", "3.2.1"}, {"promise", "8.0.3"}}));
  EXPECT_EQ(parsed->packages[0].ecosystem, "npm");
}

TEST(YarnLockTest, SyftV1AndBerry) {
  const std::vector<NameVersion> common{{"@babel/code-frame", "7.10.4"},
                                        {"@types/minimatch", "3.0.3"},
                                        {"@types/qs", "6.9.4"},
                                        {"ajv", "6.12.3"},
                                        {"atob", "2.1.2"},
                                        {"aws-sdk", "2.706.0"},
                                        {"jhipster-core", "7.3.4"},
                                        {"asn1.js", "4.10.1"}};
  auto v1 = ParseYarnLock(TestData(std::string(kSyft) + "yarn/yarn.lock"));
  ASSERT_TRUE(v1.has_value()) << v1.error().message;
  std::vector<NameVersion> with_made_up = common;
  with_made_up.emplace_back("c0n-fab_u.laTION", "7.7.7");  // v1 lists it as a registry entry
  EXPECT_EQ(NameVersions(v1->packages), with_made_up);
  auto berry = ParseYarnLock(TestData(std::string(kSyft) + "yarn-berry/yarn.lock"));
  ASSERT_TRUE(berry.has_value()) << berry.error().message;
  EXPECT_EQ(NameVersions(berry->packages),
            common);  // the workspace entry and the repeated @types/qs left out
  auto dups = ParseYarnLock(TestData(std::string(kSyft) + "yarn-berry-dups/yarn.lock"));
  ASSERT_TRUE(dups.has_value()) << dups.error().message;
  EXPECT_EQ(NameVersions(dups->packages), (std::vector<NameVersion>{{"async", "3.2.6"}, {"async", "0.9.2"}}));
}

TEST(YarnLockTest, BrokenInput) {
  EXPECT_TRUE(ParseYarnLock("")->packages.empty());
  EXPECT_TRUE(ParseYarnLock("# yarn lockfile v1\n\n")->packages.empty());
  EXPECT_FALSE(ParseYarnLock("{\"not\": \"a yarn.lock\"}"));
  EXPECT_FALSE(ParseYarnLock(std::string(kMaxPackageLockBytes + 1, '#')));
  EXPECT_FALSE(ParseYarnLock(std::string(1 << 20, '\xff')));  // binary, one huge line
  auto truncated = ParseYarnLock("a@^1:\n  version \"1.0.0\"\nb@^2:\n");
  ASSERT_TRUE(truncated.has_value());
  EXPECT_EQ(NameVersions(truncated->packages), (std::vector<NameVersion>{{"a", "1.0.0"}}));
  EXPECT_EQ(truncated->skipped.size(), 1u);
  EXPECT_TRUE(NpmCataloger().Required("web/yarn.lock"));
  EXPECT_FALSE(NpmCataloger().Required("web/node_modules/x/yarn.lock"));
}

}  // namespace
}  // namespace drydock
