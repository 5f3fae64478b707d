// composer.lock and installed.json against trivy's and syft's real files (rows read off the files), and
// broken input.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "catalog/php/php.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

using Row = std::tuple<std::string, std::string, bool>;  // name, version, dev

std::vector<Row> Rows(const std::string& relative, Result<ParsedPackages> (*parse)(std::string_view)) {
  auto parsed = parse(TestData(relative));
  if (!parsed) {
    ADD_FAILURE() << relative << ": " << parsed.error().message;
    return {};
  }
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  std::vector<Row> rows;
  for (const Package& p : parsed->packages) {
    EXPECT_EQ(p.ecosystem, "composer");
    rows.emplace_back(p.name, p.version, p.dev);
  }
  return rows;
}

TEST(ComposerLockTest, PackagesAndPackagesDev) {
  EXPECT_EQ(Rows("aquasecurity+trivy/integration/testdata/fixtures/repo/composer/composer.lock", ParseComposerLock),
            (std::vector<Row>{{"guzzlehttp/guzzle", "7.4.4", false}, {"guzzlehttp/psr7", "1.8.3", false}}));
  EXPECT_EQ(Rows("aquasecurity+trivy/pkg/fanal/analyzer/language/php/composer/testdata/composer/with-dev/composer.lock",
                 ParseComposerLock),
            (std::vector<Row>{{"psr/log", "1.1.4", false}, {"pear/log", "1.14.6", true},
                              {"pear/pear_exception", "v1.0.2", true}}));
  auto syft = ParseComposerLock(TestData("anchore+syft/syft/pkg/cataloger/php/testdata/composer.lock"));
  ASSERT_TRUE(syft.has_value());
  ASSERT_EQ(syft->packages.size(), 4u);
  EXPECT_EQ(syft->packages[0].licenses, std::vector<std::string>{"MIT"});
  EXPECT_TRUE(syft->packages[3].dev);  // codeception/codeception, in packages-dev
}

TEST(ComposerInstalledTest, BothFormats) {
  EXPECT_EQ(Rows("aquasecurity+trivy/integration/testdata/fixtures/repo/composer-vendor/installed.json",
                 ParseComposerInstalled),
            (std::vector<Row>{{"guzzlehttp/psr7", "1.8.3", false}, {"psr/http-message", "1.1", false},
                              {"ralouphie/getallheaders", "3.0.3", false}}));
  // Composer 1.x: a bare array, no dev information.
  EXPECT_EQ(Rows("anchore+syft/syft/pkg/cataloger/php/testdata/vendor/composer_1/installed.json",
                 ParseComposerInstalled),
            (std::vector<Row>{{"asm89/stack-cors", "1.3.0", false}, {"behat/mink", "v1.8.1", false}}));
  // Composer 2.x: "dev-package-names" lists behat/mink.
  EXPECT_EQ(Rows("anchore+syft/syft/pkg/cataloger/php/testdata/vendor/composer_2/installed.json",
                 ParseComposerInstalled),
            (std::vector<Row>{{"asm89/stack-cors", "1.3.0", false}, {"behat/mink", "v1.8.1", true}}));
}

TEST(ComposerCatalogersTest, Paths) {
  const ComposerLockCataloger lock;
  const ComposerInstalledCataloger installed;
  EXPECT_TRUE(lock.Required("composer.lock"));
  EXPECT_TRUE(lock.Required("srv/app/composer.lock"));
  EXPECT_FALSE(lock.Required("srv/app/vendor/guzzlehttp/guzzle/composer.lock"));
  EXPECT_FALSE(lock.Required("srv/app/composer.lock.bak"));
  EXPECT_TRUE(installed.Required("srv/app/vendor/composer/installed.json"));
  EXPECT_FALSE(installed.Required("srv/app/installed.json"));
  EXPECT_EQ(lock.Scope(), CatalogScope::kDeclared);
  EXPECT_EQ(installed.Scope(), CatalogScope::kAll);
}

TEST(ComposerBrokenTest, ClearErrorsNoCrash) {
  for (std::string_view bad : {std::string_view(""), std::string_view("{\"packages\": [{\"name\": \"a/b\""),
                               std::string_view("{\"packages\": {\"a\": 1}}"), std::string_view("[1, 2]"),
                               std::string_view("{\"packages\": [{\"name\": \"\xff\"}]}"),
                               std::string_view("\"just a string\"")}) {
    EXPECT_FALSE(ParseComposerLock(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseComposerLock(std::string(100000, '[')).has_value());
  EXPECT_FALSE(ParseComposerLock(std::string(kMaxComposerFileBytes + 1, ' ')).has_value());
  EXPECT_FALSE(ParseComposerInstalled("{\"packages\": 3}").has_value());
  EXPECT_FALSE(ParseComposerInstalled("7").has_value());
  EXPECT_FALSE(ParseComposerInstalled(std::string(100000, '{')).has_value());
  // A bad entry costs only itself.
  auto partial = ParseComposerInstalled("[{\"name\": \"a/b\", \"version\": \"1.0\"}, {\"name\": 5}, 7]");
  ASSERT_TRUE(partial.has_value());
  EXPECT_EQ(partial->packages.size(), 1u);
  EXPECT_EQ(partial->skipped.size(), 2u);
}

}  // namespace
}  // namespace drydock
