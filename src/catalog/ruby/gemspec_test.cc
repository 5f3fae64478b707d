// Gemspecs as RubyGems writes them (syft's, grype's and osv-scalibr's real files) and hand-written ones whose
// version is a constant, plus input that must be a clear Error.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/ruby/ruby.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kScalibr = "google+osv-scalibr/extractor/filesystem/language/ruby/gemspec/testdata/";

TEST(GemspecTest, GeneratedSpecifications) {
  struct Case {
    std::string file, name, version;
    std::vector<std::string> licenses;
  };
  const Case cases[] = {
      {"anchore+syft/syft/pkg/cataloger/ruby/testdata/bundler.gemspec", "bundler", "2.1.4", {"MIT"}},
      {"anchore+syft/syft/pkg/cataloger/ruby/testdata/formatador.gemspec", "formatador", "1.1.0", {"MIT"}},
      {"anchore+grype/test/integration/testdata/image-debian-match-coverage/ruby/specifications/"
       "bundler.gemspec",
       "bundler",
       "2.1.4",
       {"MIT"}},
      {std::string(kScalibr) + "yaml-0.2.1.gemspec", "yaml", "0.2.1", {"Ruby", "BSD-2-Clause"}},
      {std::string(kScalibr) + "rss-0.2.9.gemspec", "rss", "0.2.9", {"BSD-2-Clause"}},
      {std::string(kScalibr) + "version_inline.gemspec", "example_inline", "3.0.0", {}},
  };
  for (const Case& c : cases) {
    auto parsed = ParseGemspec(TestData(c.file));
    ASSERT_TRUE(parsed.has_value()) << c.file << ": " << parsed.error().message;
    ASSERT_EQ(parsed->packages.size(), 1u) << c.file;
    const Package& p = parsed->packages[0];
    EXPECT_EQ(NameVersions({p}), (std::vector<NameVersion>{{c.name, c.version}})) << c.file;
    EXPECT_EQ(p.ecosystem, "gem");
    EXPECT_EQ(p.licenses, c.licenses) << c.file;
  }
}

TEST(GemspecTest, BrokenOrComputedIsAClearError) {
  auto bad = ParseGemspec(TestData(std::string(kScalibr) + "badspec.gemspec"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "gemspec: no Gem::Specification.new block");
  EXPECT_FALSE(ParseGemspec(TestData(std::string(kScalibr) + "empty.gemspec")));
  EXPECT_FALSE(ParseGemspec(""));
  auto computed =
      ParseGemspec("Gem::Specification.new do |s|\n  s.name = \"x\"\n  s.version = Foo::VERSION\nend\n");
  ASSERT_FALSE(computed.has_value());
  EXPECT_EQ(computed.error().message, "gemspec x: no literal version (s.version = \"...\")");
  EXPECT_FALSE(ParseGemspec("Gem::Specification.new do |s|\n s.name = \"#{x}\"\n s.version = \"1\"\nend\n"));
  EXPECT_FALSE(ParseGemspec("Gem::Specification.new do |s|\n s.name = \"a\xff\"\n s.version = \"1\"\nend\n"));
  EXPECT_FALSE(ParseGemspec("Gem::Specification.new do |s|\n s.name = \"unterminated\n s.version = \"1\"\n"));
  EXPECT_FALSE(ParseGemspec(std::string(kMaxGemspecBytes + 1, 'x')));
  auto version_new =
      ParseGemspec("Gem::Specification.new do |s|\n s.name = 'a'\n s.version = Gem::Version.new(\"2.0\")\n");
  ASSERT_TRUE(version_new.has_value());
  EXPECT_EQ(version_new->packages[0].version, "2.0");
}

TEST(GemspecCatalogerTest, OnlyInstalledSpecifications) {
  const GemspecCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("usr/local/bundle/specifications/rake-13.0.6.gemspec"));
  EXPECT_TRUE(cataloger.Required("var/lib/gems/3.1.0/specifications/default/json-2.6.1.gemspec"));
  EXPECT_FALSE(cataloger.Required("src/myapp/myapp.gemspec"));
  EXPECT_FALSE(cataloger.Required("usr/local/bundle/specifications/notes.txt"));
}

}  // namespace
}  // namespace drydock
