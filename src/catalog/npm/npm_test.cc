// package-lock.json v1/v2/v3 and installed package.json against trivy's real fixtures (counts and dev rows
// computed from the files by walking them as npm does), plus broken input.
#include "catalog/npm/npm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kLocks = "aquasecurity+trivy/pkg/dependency/parser/nodejs/npm/testdata/";
constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/npm/";

std::vector<NameVersion> Dev(const ParsedPackages& parsed) {
  std::vector<NameVersion> rows;
  for (const Package& p : parsed.packages) {
    if (p.dev) rows.emplace_back(p.name, p.version);
  }
  return rows;
}

Result<ParsedPackages> Lock(const std::string& file) {
  return ParsePackageLock(TestData(std::string(kLocks) + file));
}

TEST(PackageLockTest, EveryVersion) {
  auto repo = ParsePackageLock(TestData(std::string(kRepo) + "package-lock.json"));  // v1
  ASSERT_TRUE(repo.has_value()) << repo.error().message;
  EXPECT_EQ(repo->packages.size(), 13u);
  EXPECT_EQ(Dev(*repo), (std::vector<NameVersion>{{"z-lock", "1.0.0"}}));
  EXPECT_TRUE(repo->states_dev);
  EXPECT_FALSE(ParseInstalledPackageJson("{\"name\": \"x\", \"version\": \"1\"}")->states_dev);
  auto v1 = Lock("package-lock_v1.json");
  ASSERT_TRUE(v1.has_value()) << v1.error().message;
  EXPECT_EQ(v1->packages.size(), 31u);
  EXPECT_EQ(Dev(*v1), (std::vector<NameVersion>{{"debug", "2.5.2"}, {"ms", "0.7.2"}}));
  auto v2 = Lock("package-lock_v2.json");  // "packages" is read, the v1 copy beside it is not
  ASSERT_TRUE(v2.has_value()) << v2.error().message;
  EXPECT_EQ(v2->packages.size(), 31u);
  EXPECT_TRUE(v2->skipped.empty()) << Joined(v2->skipped);
  EXPECT_EQ(v2->packages[0].ecosystem, "npm");
}

TEST(PackageLockTest, DevOnlyWhenEveryCopyIsDev) {
  auto parsed = Lock("package-lock_v3_with-same-dev-and-non-dev.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->packages.size(), 4u);  // minimist 0.0.8 twice, once dev and once not
  EXPECT_EQ(Dev(*parsed), (std::vector<NameVersion>{
                              {"fsevents", "1.2.9"}, {"mkdirp", "0.5.1"}, {"node-pre-gyp", "0.12.0"}}));
  auto workspace = Lock("package-lock_v3_with_workspace.json");  // workspace folders and their links left out
  ASSERT_TRUE(workspace.has_value()) << workspace.error().message;
  EXPECT_EQ(NameVersions(workspace->packages),
            (std::vector<NameVersion>{
                {"debug", "2.6.9"}, {"debug", "2.5.2"}, {"ms", "0.7.2"}, {"ms", "2.0.0"}}));  // key order
}

TEST(PackageLockTest, BrokenInput) {
  EXPECT_FALSE(ParsePackageLock(""));
  EXPECT_FALSE(ParsePackageLock("[]"));
  EXPECT_FALSE(ParsePackageLock("{\"packages\": [1]}"));
  EXPECT_FALSE(ParsePackageLock("{\"dependencies\": {\"a\": {\"version\": \"1.0.0\""));  // truncated
  EXPECT_FALSE(ParsePackageLock(std::string(kMaxPackageLockBytes + 1, ' ')));
  std::string deep = "{\"dependencies\": ";
  for (int i = 0; i < kMaxPackageLockDepth + 2; ++i)
    deep += "{\"a\": {\"version\": \"1.0.0\", \"dependencies\": ";
  deep += "{}" + std::string(2 * (kMaxPackageLockDepth + 2), '}') + "}";
  auto too_deep = ParsePackageLock(deep);
  ASSERT_FALSE(too_deep.has_value());
  EXPECT_NE(too_deep.error().message.find("nested deeper"), std::string::npos);
  auto mixed = ParsePackageLock(
      "{\"packages\": {\"node_modules/a\": 3, \"node_modules/b\": {}, \"node_modules/c\": {\"version\": "
      "\"1.0.0\"},"
      "\"node_modules/d\": {\"version\": \"file:../d\"}, \"node_modules/\xff\": {\"version\": \"1\"}}}");
  EXPECT_FALSE(mixed.has_value());  // invalid UTF-8 makes the whole document invalid JSON
}

TEST(InstalledPackageJsonTest, RealNodeModules) {
  for (const char* name : {"jquery", "react", "z-lock"}) {
    auto parsed =
        ParseInstalledPackageJson(TestData(fmt::format("{}node_modules/{}/package.json", kRepo, name)));
    ASSERT_TRUE(parsed.has_value()) << name << ": " << parsed.error().message;
    EXPECT_EQ(parsed->packages[0].name, name);
    EXPECT_EQ(parsed->packages[0].licenses, std::vector<std::string>{"MIT"});
  }
  EXPECT_FALSE(ParseInstalledPackageJson("[\"an\", \"array\"]"));
  EXPECT_FALSE(ParseInstalledPackageJson("{\"name\": \"x\"}"));
  EXPECT_FALSE(ParseInstalledPackageJson("{\"name\": 1, \"version\": \"1\"}"));
  auto legacy =
      ParseInstalledPackageJson("{\"name\": \"x\", \"version\": \"1\", \"licenses\": [{\"type\": \"BSD\"}]}");
  ASSERT_TRUE(legacy.has_value());
  EXPECT_EQ(legacy->packages[0].licenses, std::vector<std::string>{"BSD"});
}

TEST(NpmCatalogerTest, Paths) {
  const NpmCataloger cataloger;
  for (const char* path :
       {"app/package-lock.json", "package-lock.json", "app/node_modules/react/package.json",
        "node_modules/@babel/core/package.json", "node_modules/a/node_modules/b/package.json"}) {
    EXPECT_TRUE(cataloger.Required(path)) << path;
  }
  for (const char* path : {"package.json", "app/package.json", "node_modules/a/lib/esm/package.json",
                           "node_modules/a/package-lock.json", "node_modules/package.json"}) {
    EXPECT_FALSE(cataloger.Required(path)) << path;
  }
}

}  // namespace
}  // namespace drydock
