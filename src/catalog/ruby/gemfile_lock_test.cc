// Gemfile.lock against trivy's, syft's and grype's real lockfiles (rows read off their specs), and broken
// input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/ruby/ruby.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

TEST(GemfileLockTest, TrivyBundler2) {
  auto parsed = ParseGemfileLock(
      TestData("aquasecurity+trivy/pkg/dependency/parser/ruby/bundler/testdata/Gemfile_bundler2.lock"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"coderay", "1.1.3"},
                                                                      {"concurrent-ruby", "1.1.10"},
                                                                      {"dotenv", "2.7.6"},
                                                                      {"faker", "2.21.0"},
                                                                      {"i18n", "1.10.0"},
                                                                      {"json", "2.6.2"},
                                                                      {"method_source", "1.0.0"},
                                                                      {"pry", "0.14.1"}}));
  EXPECT_EQ(parsed->packages[0].ecosystem, "gem");
}

TEST(GemfileLockTest, SyftGitAndPathSections) {
  auto parsed = ParseGemfileLock(TestData("anchore+syft/syft/pkg/cataloger/ruby/testdata/Gemfile.lock"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  // 53 four-space lines, less PATH's google-cloud-errors and BAD-SECTION's bad-entry (not a Bundler section).
  ASSERT_EQ(parsed->packages.size(), 51u);
  EXPECT_EQ(NameVersions({parsed->packages[0]}), (std::vector<NameVersion>{{"turbolinks", "3.0.0"}}));  // GIT
  EXPECT_EQ(NameVersions({parsed->packages[1]}), (std::vector<NameVersion>{{"actionmailer", "4.1.1"}}));
  auto grype = ParseGemfileLock(
      TestData("anchore+grype/test/integration/testdata/image-debian-match-coverage/ruby/Gemfile.lock"));
  ASSERT_TRUE(grype.has_value());
  EXPECT_EQ(NameVersions(grype->packages), (std::vector<NameVersion>{{"rails", "4.1.1"}}));
}

TEST(GemfileLockTest, BrokenInput) {
  auto malformed = ParseGemfileLock(
      TestData("aquasecurity+trivy/pkg/dependency/parser/ruby/bundler/testdata/Gemfile_malformed.lock"));
  EXPECT_FALSE(malformed.has_value());
  EXPECT_FALSE(ParseGemfileLock(""));
  EXPECT_FALSE(ParseGemfileLock(std::string(kMaxGemfileLockBytes + 1, ' ')));
  auto bad =
      ParseGemfileLock("GEM\n  specs:\n    ok (1.0-x86_64-linux)\n    b\xff\xfe (1.0)\n    nover ()\n");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(NameVersions(bad->packages), (std::vector<NameVersion>{{"ok", "1.0"}}));  // platform cut off
  EXPECT_EQ(bad->skipped.size(), 2u) << Joined(bad->skipped);
  EXPECT_TRUE(GemfileLockCataloger().Required("srv/app/Gemfile.lock"));
  EXPECT_FALSE(GemfileLockCataloger().Required("srv/app/Gemfile"));
}

}  // namespace
}  // namespace drydock
