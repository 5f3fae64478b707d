// go.mod against trivy's real go.mod fixtures; the expected packages are read off each file's own lines
// (require lines, with its replace directive applied as the Go reference says).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/golang/golang.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr char kFixtures[] = "aquasecurity+trivy/pkg/dependency/parser/golang/mod/testdata/";

std::vector<NameVersion> Parsed(std::string_view fixture) {
  auto parsed = ParseGoMod(TestData(std::string(kFixtures) + std::string(fixture) + "/go.mod"));
  EXPECT_TRUE(parsed.has_value()) << fixture << ": " << parsed.error().message;
  if (!parsed) return {};
  EXPECT_TRUE(parsed->skipped.empty()) << fixture << ": " << Joined(parsed->skipped);
  return NameVersions(parsed->packages);
}

TEST(GoModTest, NormalRequireLinesAndBlocks) {
  EXPECT_EQ(Parsed("normal"), (std::vector<NameVersion>{
                                  {"github.com/aquasecurity/go-version", "v0.0.0-20240603093900-cf8a8d29271d"},
                                  {"github.com/davecgh/go-spew", "v1.1.2-0.20180830191138-d8f796af33cc"},
                                  {"github.com/pmezard/go-difflib", "v1.0.1-0.20181226105442-5d4384ee4fb2"},
                                  {"github.com/stretchr/testify", "v1.9.0"},
                                  {"golang.org/x/xerrors", "v0.0.0-20231012003039-104605ab7028"},
                              }));
}

TEST(GoModTest, ReplaceWithModuleReportsTheReplacement) {
  const std::vector<NameVersion> want = {
      {"github.com/aquasecurity/go-dep-parser", "v0.0.0-20220406074731-71021a481237"},
      {"golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1"},
  };
  EXPECT_EQ(Parsed("replaced"), want);               // "replace m => m v" applies to every version
  EXPECT_EQ(Parsed("replaced-with-version"), want);  // "replace m v1 => m v2" and v1 is the required one
}

TEST(GoModTest, ReplaceOfAnotherVersionDoesNotApply) {
  EXPECT_EQ(Parsed("replaced-with-version-mismatch"),
            (std::vector<NameVersion>{
                {"github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"},
                {"golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1"},
                {"gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b"},
            }));
  EXPECT_EQ(Parsed("replaced-with-local-path-and-version-mismatch"), Parsed("replaced-with-version-mismatch"));
}

TEST(GoModTest, LocalDirectoryReplacementIsNotARelease) {
  const std::vector<NameVersion> want = {
      {"github.com/aquasecurity/go-dep-parser", "v0.0.0-20211224170007-df43bca6b6ff"},
      {"gopkg.in/yaml.v3", "v3.0.0-20210107192922-496545a6307b"},
  };
  EXPECT_EQ(Parsed("replaced-with-local-path"), want);
  EXPECT_EQ(Parsed("replaced-with-local-path-and-version"), want);
}

TEST(GoModTest, BrokenInputIsSkippedOrRejected) {
  auto parsed = ParseGoMod("module x\nrequire (\n  a.b/c v1.0.0\n  lonely\n)\nreplace => \nrequire d v1 extra\nrequire (\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"a.b/c", "v1.0.0"}}));
  EXPECT_EQ(parsed->skipped.size(), 4u) << Joined(parsed->skipped);  // lonely, replace, d, unclosed block
  EXPECT_FALSE(ParseGoMod(std::string("module x\0", 9)).has_value());
  EXPECT_FALSE(ParseGoMod(std::string(kMaxGoModBytes + 1, '\n')).has_value());
  EXPECT_TRUE(ParseGoMod("").has_value());
  EXPECT_TRUE(ParseGoMod(std::string(100000, '(')).has_value());  // one token, no block: ignored
}

}  // namespace
}  // namespace drydock
