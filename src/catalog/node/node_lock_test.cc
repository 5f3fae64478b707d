// Node lockfiles against real fixtures (trivy, syft, osv-scalibr); expected rows read off each file, and the
// debian12-app image's own v3 lockfile against the image's `npm ls` oracle.
#include <gtest/gtest.h>

#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "catalog/node/node.h"
#include "catalog/test_image.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

using Row = std::tuple<std::string, std::string, bool>;  // name, version, dev

std::set<Row> Rows(const PackageTable& packages) {
  std::set<Row> rows;
  for (const Package& p : packages) {
    EXPECT_EQ(p.ecosystem, "npm");
    rows.emplace(p.name, p.version, p.dev);
  }
  return rows;
}

std::set<Row> Parsed(const std::string& relative, Result<ParsedPackages> (*parse)(std::string_view)) {
  auto parsed = parse(TestData(relative));
  if (!parsed) {
    ADD_FAILURE() << relative << ": " << parsed.error().message;
    return {};
  }
  EXPECT_TRUE(parsed->skipped.empty()) << relative << ": " << Joined(parsed->skipped);
  EXPECT_EQ(Rows(parsed->packages).size(), parsed->packages.size()) << relative << ": duplicates";
  return Rows(parsed->packages);
}

const std::string kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/";
const std::string kTrivyParser = "aquasecurity+trivy/pkg/dependency/parser/nodejs/";
const std::string kSyft = "anchore+syft/syft/pkg/cataloger/javascript/testdata/";
const std::string kScalibrPnpm = "google+osv-scalibr/extractor/filesystem/language/javascript/pnpmlock/testdata/";

TEST(PackageLockTest, V1NestedDependenciesWithDev) {
  EXPECT_EQ(Parsed(kRepo + "npm/package-lock.json", ParsePackageLock),
            (std::set<Row>{{"asap", "2.0.6", false}, {"jquery", "3.3.9", false}, {"js-tokens", "4.0.0", false},
                           {"loose-envify", "1.4.0", false}, {"object-assign", "4.1.1", false},
                           {"promise", "8.0.3", false}, {"prop-types", "15.7.2", false}, {"react", "16.8.6", false},
                           {"react-is", "16.8.6", false}, {"redux", "4.0.1", false}, {"scheduler", "0.13.6", false},
                           {"symbol-observable", "1.2.0", false}, {"z-lock", "1.0.0", true}}));
}

TEST(PackageLockTest, V2AndV3PackagesMap) {
  const std::set<Row> v2 = Parsed(kTrivyParser + "npm/testdata/package-lock_v2.json", ParsePackageLock);
  const std::set<Row> v3 = Parsed(kTrivyParser + "npm/testdata/package-lock_v3.json", ParsePackageLock);
  EXPECT_EQ(v2.size(), 31u);
  EXPECT_EQ(v2, v3);  // one project locked by two npm versions
  EXPECT_TRUE(v3.contains(Row{"@babel/helper-string-parser", "7.19.4", false}));
  EXPECT_TRUE(v3.contains(Row{"debug", "2.5.2", true}));
  // Workspaces: "packages/x" entries and node_modules links to them are the project's own code.
  EXPECT_EQ(Parsed(kTrivyParser + "npm/testdata/package-lock_v3_with_workspace.json", ParsePackageLock),
            (std::set<Row>{{"debug", "2.5.2", false}, {"debug", "2.6.9", false}, {"ms", "0.7.2", false},
                           {"ms", "2.0.0", false}}));
  // minimist 0.0.8 is installed twice, once for a dev tool and once for the app: it is not dev.
  EXPECT_EQ(Parsed(kTrivyParser + "npm/testdata/package-lock_v3_with-same-dev-and-non-dev.json", ParsePackageLock),
            (std::set<Row>{{"fsevents", "1.2.9", true}, {"minimist", "0.0.8", false}, {"mkdirp", "0.5.1", true},
                           {"node-pre-gyp", "0.12.0", true}}));
}

// The v3 lockfile npm wrote in debian12-app's layer 3 lists exactly what `npm ls` listed before layer 4.
TEST(PackageLockTest, Debian12AppLockfileMatchesNpmLs) {
  const std::vector<LayerFiles> layers = TestImageLayers(
      "images/debian12-app.oci.tar", [](std::string_view path) { return path == "app/web/package-lock.json"; });
  ASSERT_FALSE(layers.empty());
  auto lock = MergedView(LayerPointers(layers)).Read("app/web/package-lock.json");
  ASSERT_TRUE(lock.has_value() && lock->has_value());
  auto parsed = NodeLockCataloger().Parse("app/web/package-lock.json", *(*lock)->bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;

  std::set<NameVersion> want;
  std::vector<nlohmann::json> todo = {nlohmann::json::parse(TestData("images/debian12-app.npm-ls.json"))};
  while (!todo.empty()) {
    nlohmann::json node = std::move(todo.back());
    todo.pop_back();
    if (!node.contains("dependencies")) continue;
    for (const auto& [name, dep] : node["dependencies"].items()) {
      want.emplace(name, dep["version"].get<std::string>());
      todo.push_back(dep);
    }
  }
  EXPECT_EQ(want.size(), 69u);
  const std::vector<NameVersion> rows = NameVersions(parsed->packages);
  EXPECT_EQ(std::set<NameVersion>(rows.begin(), rows.end()), want);
  EXPECT_EQ(rows.size(), want.size());
}

Result<ParsedPackages> YarnLockAlone(std::string_view bytes) { return ParseYarnLock(bytes); }

TEST(YarnLockTest, V1) {
  EXPECT_EQ(Parsed(kRepo + "yarn/yarn.lock", YarnLockAlone),
            (std::set<Row>{{"asap", "2.0.6", false}, {"jquery", "3.2.1", false}, {"promise", "8.0.3", false}}));
  // Quoted field names, as npm rewrites them; git dependencies are not registry releases.
  EXPECT_EQ(Parsed(kTrivyParser + "yarn/testdata/yarn_with_npm.lock", YarnLockAlone),
            (std::set<Row>{{"jquery", "3.6.0", false}}));
}

TEST(YarnLockTest, BerryLeavesOutTheWorkspace) {
  const std::set<Row> rows = Parsed(kSyft + "yarn-berry/yarn.lock", YarnLockAlone);
  // 10 resolutions: "newtest@workspace:." is the project, and @types/qs@6.9.4 is written twice (the fixture
  // repeats the key), so 8 packages.
  EXPECT_EQ(rows.size(), 8u);
  EXPECT_TRUE(rows.contains(Row{"@babel/code-frame", "7.10.4", false}));
  EXPECT_TRUE(rows.contains(Row{"@types/minimatch", "3.0.3", false}));
}

// With the project's package.json: what only devDependencies reach is dev (promise, and asap through it).
TEST(YarnLockTest, DevFromThePackageJsonBeside) {
  const NodeLockCataloger cataloger;
  const std::string dir = kRepo + "yarn/";
  FileReader read = [&](std::string_view path) -> std::optional<std::string> {
    if (path != "yarn/package.json") return std::nullopt;
    return TestData(dir + "package.json");
  };
  auto parsed = cataloger.ParseWithFiles("yarn/yarn.lock", TestData(dir + "yarn.lock"), read);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(Rows(parsed->packages),
            (std::set<Row>{{"asap", "2.0.6", true}, {"jquery", "3.2.1", false}, {"promise", "8.0.3", true}}));
  EXPECT_EQ(parsed->packages.at(0).path, "yarn/yarn.lock");
  // syft's dev fixtures, v1 and berry: shared-pkg is reached from both sides, so it is not dev.
  for (const char* fixture : {"yarn-dev-deps/", "yarn-berry-dev-deps/"}) {
    auto both = ParseYarnLock(TestData(kSyft + fixture + "yarn.lock"), TestData(kSyft + fixture + "package.json"));
    ASSERT_TRUE(both.has_value()) << fixture << both.error().message;
    EXPECT_EQ(Rows(both->packages), (std::set<Row>{{"dev-only-transitive", "1.0.0", true}, {"dev-pkg", "1.0.0", true},
                                                   {"prod-pkg", "1.0.0", false}, {"shared-pkg", "1.0.0", false}}))
        << fixture;
  }
}

TEST(PnpmLockTest, EveryKeyFormat) {
  EXPECT_EQ(Parsed(kRepo + "pnpm/pnpm-lock.yaml", ParsePnpmLock),  // v6 "/name@version"
            (std::set<Row>{{"jquery", "3.3.9", false}, {"lodash", "4.17.4", false}}));
  EXPECT_EQ(Parsed(kSyft + "pnpm-v5-peer-suffix/pnpm-lock.yaml", ParsePnpmLock),  // v5 "/name/version_peer"
            (std::set<Row>{{"acorn", "8.8.0", false}, {"acorn-jsx", "5.3.2", false}, {"webpack-cli", "4.10.0", false}}));
  EXPECT_EQ(Parsed(kScalibrPnpm + "mixed-groups.v54.yaml", ParsePnpmLock),  // v5 `dev: true`
            (std::set<Row>{{"ansi-regex", "5.0.1", false}, {"is-number", "7.0.0", true}, {"uuid", "8.3.2", false}}));
}

TEST(PnpmLockTest, V9DevIsWhatOnlyDevDependenciesReach) {
  EXPECT_EQ(Parsed(kScalibrPnpm + "mixed-groups.v9.yaml", ParsePnpmLock),
            (std::set<Row>{{"ansi-regex", "5.0.1", false}, {"is-number", "7.0.0", true}, {"uuid", "8.3.2", false}}));
  EXPECT_EQ(Parsed(kScalibrPnpm + "one-package-dev.v9.yaml", ParsePnpmLock), (std::set<Row>{{"acorn", "8.11.3", true}}));
  // A dependency cycle through peers (browserslist <-> update-browserslist-db) ends; all seven are reached.
  const std::set<Row> cyclic = Parsed(kTrivyParser + "pnpm/testdata/pnpm-lock_v9_cyclic_import.yaml", ParsePnpmLock);
  EXPECT_EQ(cyclic.size(), 7u);
  for (const Row& row : cyclic) EXPECT_FALSE(std::get<2>(row)) << std::get<0>(row);
  // Git dependencies: the key holds a tarball URL, the entry the version.
  EXPECT_EQ(Parsed(kScalibrPnpm + "commits.v9.yaml", ParsePnpmLock),
            (std::set<Row>{{"ansi-regex", "6.0.1", false}, {"is-number", "7.0.0", false}}));
}

}  // namespace
}  // namespace drydock
