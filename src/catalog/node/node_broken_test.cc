// Hostile and broken input for every Node parser: each is a clear Error (or a skipped entry), never a crash,
// and a bad entry costs only itself.
#include <gtest/gtest.h>

#include <string>

#include "catalog/node/node.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

using Parser = Result<ParsedPackages> (*)(std::string_view);

const std::string kDepthBomb = std::string(100000, '[');
const std::string kObjectBomb = "{\"packages\": " + std::string(50000, '{');

TEST(NodeBrokenTest, PackageJson) {
  for (std::string_view bad : {std::string_view(""), std::string_view("{\"name\": \"a\", \"version\": "),
                               std::string_view("[{\"name\": \"a\", \"version\": \"1.0.0\"}]"),  // an array
                               std::string_view("{\"name\": \"\xff\xfe\", \"version\": \"1\"}"),
                               std::string_view("null"), std::string_view("\0\0\0", 3)}) {
    EXPECT_FALSE(ParseInstalledPackageJson(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseInstalledPackageJson(kDepthBomb).has_value());
  EXPECT_FALSE(ParseInstalledPackageJson(std::string(kMaxPackageJsonBytes + 1, ' ')).has_value());
  auto wrong_types = ParseInstalledPackageJson("{\"name\": 7, \"version\": [\"1\"]}");
  ASSERT_TRUE(wrong_types.has_value());
  EXPECT_TRUE(wrong_types->packages.empty());
  EXPECT_EQ(wrong_types->skipped.size(), 1u);
  auto odd_license = ParseInstalledPackageJson("{\"name\": \"a\", \"version\": \"1\", \"license\": [7, {}, null]}");
  ASSERT_TRUE(odd_license.has_value());
  EXPECT_TRUE(odd_license->packages.at(0).licenses.empty());
  // syft's "corrupt" fixture directory.
  EXPECT_FALSE(ParsePackageLock(TestData("anchore+syft/syft/pkg/cataloger/javascript/testdata/corrupt/package-lock.json")));
}

TEST(NodeBrokenTest, PackageLock) {
  for (std::string_view bad : {std::string_view(""), std::string_view("{\"lockfileVersion\": 3, \"packages\": {"),
                               std::string_view("[]"), std::string_view("{\"packages\": []}"),
                               std::string_view("{\"dependencies\": \"x\"}"),
                               std::string_view("{\"packages\": {\"node_modules/\xc3\x28\": {}}}")}) {
    EXPECT_FALSE(ParsePackageLock(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParsePackageLock(kDepthBomb).has_value());
  EXPECT_FALSE(ParsePackageLock(kObjectBomb).has_value());
  auto partial = ParsePackageLock(
      R"({"packages": {"node_modules/a": {"version": "1.0.0"}, "node_modules/b": 7, "node_modules/c": {"version": 2}}})");
  ASSERT_TRUE(partial.has_value());
  EXPECT_EQ(partial->packages.size(), 1u);
  EXPECT_EQ(partial->skipped.size(), 2u);
  // v1 nesting deeper than any real tree but inside the bound still parses.
  std::string nested = "{\"dependencies\": ";
  for (int i = 0; i < 40; ++i) nested += "{\"p" + std::to_string(i) + "\": {\"version\": \"1.0.0\", \"dependencies\": ";
  nested += "{}" + std::string(40, '}') + std::string(40, '}') + "}";
  auto deep = ParsePackageLock(nested);
  ASSERT_TRUE(deep.has_value()) << deep.error().message;
  EXPECT_EQ(deep->packages.size(), 40u);
}

TEST(NodeBrokenTest, YarnLock) {
  EXPECT_TRUE(ParseYarnLock("").has_value());  // osv-scanner's empty yarn.lock: no packages, no error
  EXPECT_FALSE(ParseYarnLock("a@^1.0.0:\n  version \"\xff\"\n").has_value());
  EXPECT_FALSE(ParseYarnLock("this is not a lockfile\n").has_value());
  EXPECT_FALSE(ParseYarnLock("__metadata:\n  version: 6\n\"a@npm:1\": [" + kDepthBomb).has_value());
  EXPECT_FALSE(ParseYarnLock("__metadata:\n  version: 6\n\"a@npm:1\":\n  resolution: \"a@npm:1").has_value());
  EXPECT_FALSE(ParseYarnLock(std::string(kMaxNodeLockBytes + 1, '#')).has_value());
  auto truncated = ParseYarnLock("a@^1.0.0:\n  version \"1.0.0\"\n\nb@^2:\n");  // last entry lost its body
  ASSERT_TRUE(truncated.has_value());
  EXPECT_EQ(truncated->packages.size(), 1u);
  EXPECT_EQ(truncated->skipped.size(), 1u);
  auto berry = ParseYarnLock("__metadata:\n  version: 6\n\"a@npm:1\":\n  resolution: 7\n\"b@npm:^2\": [1]\n");
  ASSERT_TRUE(berry.has_value());
  EXPECT_TRUE(berry->packages.empty());
}

TEST(NodeBrokenTest, PnpmLock) {
  EXPECT_TRUE(ParsePnpmLock("").has_value());
  for (std::string bad : {std::string("lockfileVersion: '6.0'\npackages: [1, 2]\n"), std::string("- a\n- b\n"),
                          std::string("packages: {}\n"), "lockfileVersion: 5.4\npackages:\n  /a/1: " + kDepthBomb,
                          std::string("lockfileVersion: '9.0'\npackages:\n  a@1: {\n"),
                          std::string("lockfileVersion: '9.0'\npackages:\n  \"a@\xff\": {}\n")}) {
    EXPECT_FALSE(ParsePnpmLock(bad).has_value()) << bad.substr(0, 60);
  }
  auto partial = ParsePnpmLock("lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: {}\n  nonsense: {}\n  /b@: 7\n");
  ASSERT_TRUE(partial.has_value()) << partial.error().message;
  EXPECT_EQ(partial->packages.size(), 1u);
  EXPECT_EQ(partial->skipped.size(), 2u);
  // YAML aliases cannot multiply the work: snapshots point at one another, the walk visits each once.
  auto aliases = ParsePnpmLock(
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: &d\n      a: {version: 1.0.0}\n"
      "packages:\n  a@1.0.0: {}\nsnapshots:\n  a@1.0.0:\n    dependencies: {a: 1.0.0}\n");
  ASSERT_TRUE(aliases.has_value()) << aliases.error().message;
  EXPECT_EQ(aliases->packages.size(), 1u);
}

}  // namespace
}  // namespace drydock
