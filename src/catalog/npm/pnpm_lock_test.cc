// pnpm-lock.yaml v5, v6 and v9 against trivy's and syft's real lockfiles (keys read off the files), and
// broken input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/npm/npm.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kSyft = "anchore+syft/syft/pkg/cataloger/javascript/testdata/";

TEST(PnpmLockTest, TrivyV6) {
  auto parsed =
      ParsePnpmLock(TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/pnpm/pnpm-lock.yaml"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"jquery", "3.3.9"}, {"lodash", "4.17.4"}}));
  EXPECT_FALSE(parsed->packages[0].dev);
}

TEST(PnpmLockTest, SyftV5V6V9) {
  auto v5 = ParsePnpmLock(TestData(std::string(kSyft) + "pnpm/pnpm-lock.yaml"));
  ASSERT_TRUE(v5.has_value()) << v5.error().message;
  ASSERT_EQ(NameVersions(v5->packages), (std::vector<NameVersion>{{"@bcoe/v8-coverage", "0.2.3"}}));
  EXPECT_TRUE(v5->packages[0].dev);
  auto v6 = ParsePnpmLock(TestData(std::string(kSyft) + "pnpm-v6/pnpm-lock.yaml"));
  ASSERT_TRUE(v6.has_value()) << v6.error().message;
  EXPECT_TRUE(v6->skipped.empty()) << Joined(v6->skipped);
  EXPECT_EQ(NameVersions(v6->packages), (std::vector<NameVersion>{{"@babel/core", "7.21.4"},
                                                                  {"@testing-library/jest-dom", "5.16.5"},
                                                                  {"@testing-library/react", "13.4.0"},
                                                                  {"@testing-library/user-event", "13.5.0"},
                                                                  {"@types/eslint", "8.37.0"},
                                                                  {"react-dom", "18.2.0"},
                                                                  {"react", "18.2.0"},
                                                                  {"read-cache", "1.0.0"},
                                                                  {"schema-utils", "3.1.2"},
                                                                  {"web-vitals", "2.1.4"}}));
  auto v9 = ParsePnpmLock(TestData(std::string(kSyft) + "pnpm-v9/pnpm-lock.yaml"));
  ASSERT_TRUE(v9.has_value()) << v9.error().message;
  EXPECT_EQ(NameVersions(v9->packages), (std::vector<NameVersion>{{"@babel/core", "7.24.7"},
                                                                  {"@babel/helper-plugin-utils", "7.24.7"},
                                                                  {"is-positive", "3.1.0"},
                                                                  {"rollup", "4.18.0"}}));
}

TEST(PnpmLockTest, BrokenInput) {
  EXPECT_TRUE(ParsePnpmLock("")->packages.empty());
  EXPECT_FALSE(ParsePnpmLock("- a\n- list\n"));
  EXPECT_FALSE(ParsePnpmLock("packages: {}\n"));  // no lockfileVersion
  EXPECT_FALSE(ParsePnpmLock("lockfileVersion: '6.0'\npackages: [1, 2]\n"));
  EXPECT_FALSE(ParsePnpmLock("lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: {dev: [\n"));  // truncated
  EXPECT_FALSE(ParsePnpmLock("lockfileVersion: '6.0'\nx: " + std::string(100000, '[')));    // nesting bomb
  EXPECT_FALSE(ParsePnpmLock(std::string(kMaxPackageLockBytes + 1, '#')));
  auto odd = ParsePnpmLock("lockfileVersion: '6.0'\npackages:\n  /noversion: {}\n  /ok@1.0.0: {dev: true}\n");
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(NameVersions(odd->packages), (std::vector<NameVersion>{{"ok", "1.0.0"}}));
  EXPECT_EQ(odd->skipped.size(), 1u);
  EXPECT_TRUE(NpmCataloger().Required("web/pnpm-lock.yaml"));
}

}  // namespace
}  // namespace drydock
