// Installed distributions' METADATA / PKG-INFO from trivy's and syft's real site-packages fixtures, the
// binding's paths, and broken input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/python/python.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kTrivy = "aquasecurity+trivy/pkg/fanal/analyzer/language/python/packaging/testdata/";

TEST(PythonMetadataTest, RealDistInfoAndEggInfo) {
  struct Case {
    std::string file, name, version;
    std::vector<std::string> licenses;
  };
  const Case cases[] = {
      {std::string(kTrivy) + "happy-dist/distlib-0.3.1.dist-info/METADATA",
       "distlib",
       "0.3.1",
       {"Python license"}},
      {std::string(kTrivy) + "happy-egg/distlib-0.3.1.egg-info/PKG-INFO",
       "distlib",
       "0.3.1",
       {"Python license"}},
      {std::string(kTrivy) + "classifier-license-egg/setuptools-51.3.3.egg-info/PKG-INFO",
       "setuptools",
       "51.3.3",
       {"MIT License"}},
      {std::string(kTrivy) + "classifier-license-dist/setuptools-51.3.3.dist-info/METADATA",
       "setuptools",
       "51.3.3",
       {"MIT License"}},
  };
  for (const Case& c : cases) {
    auto parsed = ParsePythonMetadata(TestData(c.file));
    ASSERT_TRUE(parsed.has_value()) << c.file << ": " << parsed.error().message;
    ASSERT_EQ(parsed->packages.size(), 1u);
    EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{c.name, c.version}})) << c.file;
    EXPECT_EQ(parsed->packages[0].licenses, c.licenses) << c.file;
    EXPECT_EQ(parsed->packages[0].ecosystem, "pypi");
  }
}

TEST(PythonMetadataTest, BrokenInput) {
  EXPECT_FALSE(ParsePythonMetadata(""));
  EXPECT_FALSE(ParsePythonMetadata("Metadata-Version: 2.1\nName: x\n"));  // no Version
  EXPECT_FALSE(ParsePythonMetadata("\nName: x\nVersion: 1\n"));           // the header ended before them
  EXPECT_FALSE(ParsePythonMetadata(std::string(kMaxPythonLockBytes + 1, 'a')));
  auto body = ParsePythonMetadata("Name: Foo_Bar\nVersion: 1.0\nLicense: " + std::string(5000, 'x') +
                                  "\n\nName: not-me\n");
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->packages[0].name, "Foo_Bar");  // as written; PackageId folds it to "pypi:foo-bar@1.0"
  EXPECT_TRUE(body->packages[0].licenses.empty());  // a licence text, not a name
}

TEST(PythonMetadataTest, BindingPaths) {
  const PythonCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("app/venv/lib/python3.11/site-packages/Jinja2-3.1.2.egg-info/PKG-INFO"));
  EXPECT_TRUE(cataloger.Required("usr/local/lib/python3.11/dist-packages/six-1.16.0.dist-info/METADATA"));
  EXPECT_TRUE(cataloger.Required("usr/lib/python3.6/site-packages/old-1.0-py3.6.egg-info"));
  // Wanted even where Debian installs: the inventory drops what dpkg's file lists own.
  EXPECT_TRUE(cataloger.Required("usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO"));
  auto parsed = cataloger.Parse("x/foo-1.dist-info/METADATA", "Name: foo\nVersion: 1\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->packages[0].path, "x/foo-1.dist-info/METADATA");
}

}  // namespace
}  // namespace drydock
