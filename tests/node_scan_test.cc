// Node and PHP packages end to end. debian12-app: the installed node_modules tree against the image's `npm ls`
// oracle (taken before layer 4 deleted node_modules/minimist), each package attributed to layer 3; `drydock fs`
// on trivy's lockfile fixtures; a hostile node_modules tree that must not stop the scan.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/";

json Scan(const std::string& args) {
  auto result = RunDrydock(args + " --skip-db -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out, nullptr, false);
}

// "name@version" of every package in `ecosystem`, with " dev" when the report marks it dev.
std::set<std::string> Rows(const json& report, const std::string& ecosystem) {
  std::set<std::string> rows;
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] != ecosystem) continue;
    rows.insert(p["name"].get<std::string>() + "@" + p["version"].get<std::string>() +
                (p.value("dev", false) ? " dev" : ""));
  }
  return rows;
}

std::set<std::string> NpmLsOracle() {
  std::set<std::string> rows;
  std::vector<json> todo = {json::parse(Shell("cat " + TestData("images/debian12-app.npm-ls.json")))};
  while (!todo.empty()) {
    json node = std::move(todo.back());
    todo.pop_back();
    const json deps = node.value("dependencies", json::object());  // a named copy: items() keeps a reference
    for (const auto& [name, dep] : deps.items()) {
      rows.insert(name + "@" + dep["version"].get<std::string>());
      todo.push_back(dep);
    }
  }
  return rows;
}

TEST(NodeScanTest, Debian12AppNodeModulesMatchNpmLsMinusLayer4) {
  const std::string archive = TestData("images/debian12-app.docker.tar.gz");
  // What layer 4 deleted, read from the image itself: its tar holds the whiteout for the whole directory.
  const json manifest = json::parse(Shell("tar -xzOf " + archive + " manifest.json"));
  const std::string layer4 = manifest[0]["Layers"][3];
  const std::string listing = Shell("tar -xzOf " + archive + " " + layer4 + " | tar -t");
  ASSERT_NE(listing.find("app/web/node_modules/.wh.minimist\n"), std::string::npos) << listing;

  std::set<std::string> want = NpmLsOracle();
  ASSERT_EQ(want.size(), 69u);
  ASSERT_EQ(want.erase("minimist@1.2.0"), 1u);
  const json report = Scan("image " + archive);
  EXPECT_EQ(Rows(report, "npm"), want);  // still listed in package-lock.json: lockfiles are for `drydock fs`
  const auto& layers = report["artifact"]["layers"];
  ASSERT_EQ(layers.size(), 4u);
  std::set<std::string> paths;
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] != "npm") continue;
    EXPECT_EQ(p["layer_diff_id"], layers[2]["diff_id"]) << p["name"];
    const std::string path = p["path"];
    EXPECT_TRUE(path.starts_with("app/web/node_modules/") && path.ends_with("/package.json")) << path;
    EXPECT_EQ(p["purl"], "pkg:npm/" + p["name"].get<std::string>() + "@" + p["version"].get<std::string>());
    paths.insert(path);
    if (p["name"] == "lodash") {
      EXPECT_EQ(p["licenses"], json::array({"MIT"}));
    }
  }
  // Nested copies (debian12-app.txt lists them) are found where npm put them.
  EXPECT_TRUE(paths.contains("app/web/node_modules/raw-body/node_modules/depd/package.json"));
  EXPECT_TRUE(paths.contains("app/web/node_modules/jsonwebtoken/node_modules/ms/package.json"));
  for (const auto& e : report["errors"]) EXPECT_EQ(e["stage"].get<std::string>().find("node"), std::string::npos) << e;
}

TEST(NodeScanTest, FsReadsLockfilesNotNodeModules) {
  const std::string repo = TestData(kRepo);
  // npm: lockfileVersion 1; z-lock is `"dev": true`. The fixture's node_modules (6 packages) is not read.
  const std::string dev = " --include-dev-deps";
  EXPECT_EQ(Rows(Scan("fs " + repo + "npm" + dev), "npm"),
            (std::set<std::string>{"asap@2.0.6", "jquery@3.3.9", "js-tokens@4.0.0", "loose-envify@1.4.0",
                                   "object-assign@4.1.1", "promise@8.0.3", "prop-types@15.7.2", "react@16.8.6",
                                   "react-is@16.8.6", "redux@4.0.1", "scheduler@0.13.6", "symbol-observable@1.2.0",
                                   "z-lock@1.0.0 dev"}));
  EXPECT_EQ(Rows(Scan("fs " + repo + "yarn" + dev), "npm"),
            // package.json: promise is a devDependency, and only promise depends on asap.
            (std::set<std::string>{"asap@2.0.6 dev", "jquery@3.2.1", "promise@8.0.3 dev"}));
  // Without the flag (Trivy's default) development dependencies are left out.
  EXPECT_FALSE(Rows(Scan("fs " + repo + "npm"), "npm").contains("z-lock@1.0.0 dev"));
  EXPECT_EQ(Rows(Scan("fs " + repo + "npm"), "npm").size(), 12u);
  EXPECT_EQ(Rows(Scan("fs " + repo + "yarn"), "npm"), (std::set<std::string>{"jquery@3.2.1"}));
  EXPECT_EQ(Rows(Scan("fs " + repo + "pnpm"), "npm"), (std::set<std::string>{"jquery@3.3.9", "lodash@4.17.4"}));
  const json composer = Scan("fs " + repo + "composer");
  EXPECT_EQ(Rows(composer, "composer"), (std::set<std::string>{"guzzlehttp/guzzle@7.4.4", "guzzlehttp/psr7@1.8.3"}));
  for (const auto& p : composer["packages"]) EXPECT_EQ(p["path"], "composer.lock");
  EXPECT_EQ(Rows(Scan("fs " + repo + "composer-vendor"), "composer"),
            (std::set<std::string>{"guzzlehttp/psr7@1.8.3", "psr/http-message@1.1", "ralouphie/getallheaders@3.0.3"}));
}

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A root filesystem with one good package, one package.json that is an array, one with invalid UTF-8, one
// without a version, and the project's own manifest (no package): the good one is reported, each bad one is
// an error entry naming its file, and the scan succeeds.
TEST(NodeScanTest, HostileNodeModulesCostOnlyThemselves) {
  const std::filesystem::path root = std::filesystem::path(TempDirectory()) / "hostile-node";
  const std::filesystem::path modules = root / "srv/app/node_modules";
  Write(root / "srv/app/package.json", R"({"name": "app", "version": "1.0.0"})");
  Write(modules / "good/package.json", R"({"name": "good", "version": "2.0.0", "license": {"type": "ISC"}})");
  Write(modules / "array/package.json", R"([{"name": "array", "version": "1.0.0"}])");
  Write(modules / "utf8/package.json", "{\"name\": \"utf8\xff\", \"version\": \"1.0.0\"}");
  Write(modules / "@scope/noversion/package.json", R"({"name": "@scope/noversion"})");
  Write(modules / "deep/package.json", std::string(100000, '['));
  const json report = Scan("rootfs " + root.string());
  EXPECT_EQ(Rows(report, "npm"), (std::set<std::string>{"good@2.0.0"}));
  std::set<std::string> error_paths;
  for (const auto& e : report["errors"]) error_paths.insert(e["path"]);
  for (const char* bad : {"array", "utf8", "@scope/noversion", "deep"}) {
    EXPECT_TRUE(error_paths.contains("srv/app/node_modules/" + std::string(bad) + "/package.json")) << bad;
  }
  EXPECT_TRUE(Rows(Scan("fs " + root.string()), "npm").empty());  // no lockfile: nothing declared
}

}  // namespace
}  // namespace drydock::e2e
