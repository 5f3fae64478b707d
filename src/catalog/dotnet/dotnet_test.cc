// .NET files from trivy, syft and osv-scanner testdata; expected rows read off the files (keys of
// "libraries" with type "package"; distinct "resolved" pairs; <package> elements).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/dotnet/dotnet.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr char kTrivy[] = "aquasecurity+trivy/pkg/dependency/parser/";

TEST(DotnetDepsTest, PackagesButNotProjects) {
  auto parsed = ParseDotnetDeps(TestData(std::string(kTrivy) + "dotnet/core_deps/testdata/happy.deps.json"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"Newtonsoft.Json", "13.0.1"}}));
  auto syft = ParseDotnetDeps(TestData("anchore+syft/syft/pkg/cataloger/dotnet/testdata/dir-example-1/TestLibrary.deps.json"));
  ASSERT_TRUE(syft.has_value()) << syft.error().message;
  EXPECT_EQ(syft->packages.size(), 12u);
  EXPECT_FALSE(ParseDotnetDeps(TestData(std::string(kTrivy) + "dotnet/core_deps/testdata/invalid.deps.json")).has_value());
}

TEST(NugetLockTest, DistinctResolvedVersionsAcrossFrameworks) {
  auto parsed = ParseNugetLock(TestData(std::string(kTrivy) + "nuget/lock/testdata/packages_lock_multi.json"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(parsed->packages.size(), 40u);
  auto simple = ParseNugetLock(TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/nuget/packages.lock.json"));
  ASSERT_TRUE(simple.has_value());
  EXPECT_EQ(NameVersions(simple->packages),
            (std::vector<NameVersion>{{"Newtonsoft.Json", "12.0.3"}, {"NuGet.Frameworks", "5.7.0"}}));
}

TEST(NugetConfigTest, PackageElements) {
  auto parsed = ParseNugetConfig(TestData(std::string(kTrivy) + "nuget/config/testdata/packages.config"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"Microsoft.AspNet.WebApi", "5.2.2"}, {"Newtonsoft.Json", "6.0.4"}}));
}

TEST(DotnetCatalogerTest, DispatchAndBrokenInput) {
  const DotnetCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("app/MyApp.deps.json"));
  EXPECT_TRUE(cataloger.Required("src/packages.lock.json"));
  EXPECT_TRUE(cataloger.Required("packages.config"));
  EXPECT_FALSE(cataloger.Required("app/.deps.json"));
  EXPECT_FALSE(cataloger.Parse("a.deps.json", "[1]").has_value());             // an array, not an object
  EXPECT_FALSE(cataloger.Parse("a.deps.json", "{\"libraries\": 3}").has_value());  // wrong type
  EXPECT_FALSE(cataloger.Parse("packages.lock.json", "{\"dependencies\":").has_value());  // truncated
  EXPECT_FALSE(cataloger.Parse("packages.config", "<packages><package id=").has_value());
  EXPECT_FALSE(cataloger.Parse("packages.config", "<nothing/>").has_value());
  EXPECT_FALSE(cataloger.Parse("a.deps.json", std::string(200000, '[')).has_value());  // deep nesting
  EXPECT_FALSE(cataloger.Parse("a.deps.json", "{\"x\":\"\xff\"}").has_value());       // invalid UTF-8
  auto skipped = cataloger.Parse("a.deps.json", R"({"libraries":{"NoSlash":{"type":"package"},"A/1":{}}})");
  ASSERT_TRUE(skipped.has_value());
  EXPECT_EQ(skipped->skipped.size(), 2u);
}

}  // namespace
}  // namespace drydock
