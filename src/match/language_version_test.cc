// PEP 440, RubyGems and Composer order against every line of osv-scalibr's vectors (the hand-written file
// and the one generated with each ecosystem's own implementation), plus hostile input.
#include <gtest/gtest.h>

#include <string>

#include "match/version.h"
#include "match/version_vectors.h"

namespace drydock {
namespace {

TEST(Pep440VersionTest, EveryOsvScalibrVector) {
  EXPECT_GE(CheckVersionVectors("pypi-versions.txt", ComparePep440Versions), 35);
  EXPECT_GE(CheckVersionVectors("pypi-versions-generated.txt", ComparePep440Versions), 12000);
}

TEST(RubyGemsVersionTest, EveryOsvScalibrVector) {
  EXPECT_GE(CheckVersionVectors("rubygems-versions.txt", CompareRubyGemsVersions), 25);
  EXPECT_GE(CheckVersionVectors("rubygems-versions-generated.txt", CompareRubyGemsVersions), 4000);
}

TEST(ComposerVersionTest, EveryOsvScalibrVector) {
  EXPECT_GE(CheckVersionVectors("packagist-versions.txt", CompareComposerVersions), 90);
  EXPECT_GE(CheckVersionVectors("packagist-versions-generated.txt", CompareComposerVersions), 10000);
}

TEST(LanguageVersionTest, SchemesAreInTheEcosystemTable) {
  EXPECT_EQ(SchemeForEcosystem("PyPI")->Name(), "pep440");
  EXPECT_EQ(SchemeForEcosystem("RubyGems")->Name(), "rubygems");
  EXPECT_EQ(SchemeForEcosystem("Packagist")->Name(), "composer");
  EXPECT_EQ(SchemeForEcosystem("npm")->Name(), "semver");
}

// No comparator may crash or lose antisymmetry on input no package manager would write.
TEST(LanguageVersionTest, HostileInputIsOrderedNotFatal) {
  const std::string junk[] = {"", "!", "1!", "+", "1.0+", "..", "--", "1..0", "v", "rc", "1.0.dev.dev",
                              std::string(20000, '1'), std::string(5000, '.'), "\xff\xfe", "1.0\n"};
  for (auto compare : {ComparePep440Versions, CompareRubyGemsVersions, CompareComposerVersions}) {
    for (const std::string& a : junk) {
      for (const std::string& b : junk) {
        const int ab = compare(a, b), ba = compare(b, a);
        EXPECT_EQ((ab > 0) - (ab < 0), -((ba > 0) - (ba < 0))) << a << " vs " << b;
      }
    }
  }
}

}  // namespace
}  // namespace drydock
