// Debian images end to end: packages against dpkg-query run on the same root when the image was built
// (images/*.dpkg-query.txt: Package, Version, source:Package, source:Version, tab-separated).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

std::set<std::string> DpkgQueryOracle(const std::string& name) {
  std::ifstream in(TestData("images/" + name + ".dpkg-query.txt"));
  std::set<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.insert(line);
  }
  return rows;
}

json ScanPackagesOnly(const std::string& target) {
  auto result = RunDrydock("image " + target + " --skip-db -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

// The report's packages in the oracle's form; source_version is empty when it equals the version.
std::set<std::string> AsDpkgQueryRows(const json& report) {
  std::set<std::string> rows;
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] != "deb") continue;  // the application packages have their own test below
    std::string version = p["version"], source_version = p["source_version"];
    rows.insert(p["name"].get<std::string>() + "\t" + version + "\t" + p["source_name"].get<std::string>() + "\t" +
                (source_version.empty() ? version : source_version));
  }
  return rows;
}

TEST(DebianScanTest, PackagesEqualDpkgQuery) {
  const std::pair<std::string, std::string> cases[] = {
      {"debian12-minbase", TestData("images/debian12-minbase.docker.tar.gz")},
      {"debian12-app", TestData("images/debian12-app.docker.tar.gz")},
      {"debian12-app", "oci:" + TestData("images/debian12-app.oci.tar")},
  };
  for (const auto& [name, target] : cases) {
    json report = ScanPackagesOnly(target);
    auto oracle = DpkgQueryOracle(name);
    EXPECT_EQ(AsDpkgQueryRows(report), oracle) << target;
    EXPECT_EQ(AsDpkgQueryRows(report).size(), oracle.size());
    EXPECT_EQ(report["artifact"]["os"]["family"], "debian");
    EXPECT_EQ(report["artifact"]["os"]["version"], "12");
    EXPECT_FALSE(report["artifact"]["os"].contains("eol"));  // bookworm LTS runs to 2028-06-30
  }
}

TEST(DebianScanTest, DockerArchiveAndOciLayoutGiveTheSameReport) {
  json docker = ScanPackagesOnly(TestData("images/debian12-app.docker.tar.gz"));
  json oci = ScanPackagesOnly("oci:" + TestData("images/debian12-app.oci.tar") + ":latest");
  EXPECT_EQ(docker["packages"], oci["packages"]);
  ASSERT_EQ(oci["artifact"]["layers"].size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(docker["artifact"]["layers"][i]["diff_id"], oci["artifact"]["layers"][i]["diff_id"]);
  }
  EXPECT_EQ(oci["artifact"]["digest"], "sha256:9033b85372e969a3a0186427d0df5701124e01fbfff8d58b95cf5eda3e77289f");
}

// debian12-app.txt: layer 1 is minbase (88 packages), layer 2 added 44 (python3.11, curl, openssl, ...) and
// rewrote the status file. Each package must name the layer that first held it.
TEST(DebianScanTest, EachPackageNamesTheLayerThatInstalledIt) {
  json report = ScanPackagesOnly("oci:" + TestData("images/debian12-app.oci.tar"));
  const auto& layers = report["artifact"]["layers"];
  std::set<std::string> minbase;
  for (const std::string& row : DpkgQueryOracle("debian12-minbase")) minbase.insert(row.substr(0, row.find('\t')));
  std::size_t in_layer_1 = 0, in_layer_2 = 0;
  std::map<std::string, std::size_t> language;  // ecosystem -> packages
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] != "deb") {
      // debian12-app.txt: layer 3 copied /app (bin/lefthook, bin/age-keygen, lib/*.jar); layer 4 deleted
      // lib/snakeyaml-1.33.jar, so it must not appear.
      EXPECT_EQ(p["layer_diff_id"], layers[2]["diff_id"]) << p["name"];
      EXPECT_TRUE(p["path"].get<std::string>().starts_with("app/")) << p["path"];
      EXPECT_EQ(p["name"].get<std::string>().find("snakeyaml"), std::string::npos);
      ++language[p["ecosystem"].get<std::string>()];
      continue;
    }
    bool base = minbase.contains(p["name"].get<std::string>());
    EXPECT_EQ(p["layer_diff_id"], layers[base ? 0 : 1]["diff_id"]) << p["name"];
    (base ? in_layer_1 : in_layer_2)++;
    EXPECT_EQ(p["path"], "var/lib/dpkg/status");
  }
  EXPECT_EQ(language["golang"], 33u);  // lefthook's 31 deps and stdlib v1.19.1, age-keygen's stdlib v1.19.8 (trivy agrees)
  EXPECT_EQ(language["maven"], 12u);   // the 13 vendored jars' pom.properties, minus snakeyaml
  EXPECT_EQ(language["npm"], 68u);     // app/web/node_modules: npm-ls.json minus minimist, deleted in layer 4
  EXPECT_EQ(language["pypi"], 4u);     // app/venv's egg-info; the dpkg-owned copies are dpkg's
  EXPECT_EQ(language.size(), 4u);
  EXPECT_EQ(in_layer_1, 88u);
  EXPECT_EQ(in_layer_2, 44u);
  EXPECT_NE(layers[1]["created_by"].get<std::string>().find("apt-get install"), std::string::npos);
}

TEST(DebianScanTest, ADbWithoutDebianDataSaysSo) {
  std::string db = TempDirectory() + "/alpine-only.db";
  ASSERT_EQ(RunDrydock("db build --secdb " + TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db)
                .exit_code, 0);
  auto result = RunDrydock("image " + TestData("images/debian12-minbase.docker.tar.gz") + " --db " + db + " -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  EXPECT_TRUE(report["vulnerabilities"].empty());
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("no advisories for Debian:12"), std::string::npos);
}

}  // namespace
}  // namespace drydock::e2e
