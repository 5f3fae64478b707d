// drydock fs end to end on trivy's real per-ecosystem fixture folders: the packages each lockfile declares,
// -r includes resolved inside the tree, and dev dependencies marked in the JSON and CycloneDX reports.
#include <gtest/gtest.h>
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/";

json ScanFs(const std::string& dir, const std::string& format = "json", const std::string& flags = "") {
  auto result = RunDrydock("fs " + dir + " --skip-db -q -f " + format + flags);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out, nullptr, false);
}

// "ecosystem name version path" for every package, and whether it was marked dev.
std::set<std::string> Rows(const json& report, bool dev_only = false) {
  std::set<std::string> rows;
  for (const auto& p : report["packages"]) {
    if (dev_only && !p.value("dev", false)) continue;
    rows.insert(p["ecosystem"].get<std::string>() + " " + p["name"].get<std::string>() + " " +
                p["version"].get<std::string>() + " " + p["path"].get<std::string>());
  }
  return rows;
}

TEST(FsScanTest, TrivyPythonFixtures) {
  json pip = ScanFs(TestData(std::string(kRepo) + "pip"));
  EXPECT_EQ(pip["artifact"]["type"], "filesystem");
  EXPECT_EQ(Rows(pip),
            (std::set<std::string>{
                "pypi click 8.0.0 requirements.txt", "pypi Flask 2.0.0 requirements.txt",
                "pypi itsdangerous 2.0.0 requirements.txt", "pypi Jinja2 3.0.0 requirements.txt",
                "pypi oauth2-client 4.0.0 requirements.txt", "pypi python-gitlab 2.0.0 requirements.txt",
                "pypi Werkzeug 0.11 requirements.txt"}));
  EXPECT_EQ(pip["packages"][0]["purl"], "pkg:pypi/click@8.0.0");
  EXPECT_EQ(Rows(ScanFs(TestData(std::string(kRepo) + "pipenv"))),
            (std::set<std::string>{"pypi werkzeug 0.11.1 Pipfile.lock"}));
  for (const char* lock : {"poetry/poetry.lock", "uv/uv.lock", "pylock/pylock.toml"}) {
    const std::string file = std::string(lock).substr(std::string(lock).find('/') + 1);
    const std::string werkzeug = std::string(lock).starts_with("poetry") ? "0.14" : "0.11.1";
    EXPECT_EQ(
        Rows(ScanFs(TestData(std::string(kRepo) + std::string(lock).substr(0, std::string(lock).find('/'))))),
        (std::set<std::string>{"pypi click 8.1.3 " + file, "pypi colorama 0.4.6 " + file,
                               "pypi werkzeug " + werkzeug + " " + file}))
        << lock;
  }
}

TEST(FsScanTest, TrivyNodeFixtures) {
  json yarn = ScanFs(TestData(std::string(kRepo) + "yarn"));
  std::set<std::string> names;
  for (const auto& p : yarn["packages"])
    names.insert(p["name"].get<std::string>() + "@" + p["version"].get<std::string>());
  // yarn.lock's three, plus what node_modules holds (jquery installed as 3.4.1, the tarball the lock points
  // at).
  EXPECT_TRUE(names.contains("asap@2.0.6") && names.contains("promise@8.0.3") &&
              names.contains("jquery@3.2.1"))
      << yarn["packages"].dump();
  // pnpm-lock.yaml's two, also installed under node_modules/.pnpm: one row each (the first path seen names
  // it).
  json pnpm = ScanFs(TestData(std::string(kRepo) + "pnpm"));
  std::set<std::string> pnpm_ids;
  for (const auto& p : pnpm["packages"]) pnpm_ids.insert(p["id"].get<std::string>());
  EXPECT_EQ(pnpm_ids, (std::set<std::string>{"npm:jquery@3.3.9", "npm:lodash@4.17.4"}));
  json npm = ScanFs(TestData(std::string(kRepo) + "npm"));
  EXPECT_EQ(npm["packages"].size(), 13u);
  // fs reads what the project declares (the lockfile), not node_modules: z-lock is dev there.
  EXPECT_EQ(Rows(npm, /*dev_only=*/true), (std::set<std::string>{"npm z-lock 1.0.0 package-lock.json"}));
  EXPECT_EQ(npm["packages"][0]["purl"], "pkg:npm/asap@2.0.6");
}

TEST(FsScanTest, RequirementIncludesResolveInsideTheTree) {
  json report =
      ScanFs(TestData("google+osv-scanner/cmd/osv-scanner/scan/source/testdata/locks-requirements"));
  std::set<std::string> rows = Rows(report);
  EXPECT_TRUE(rows.contains("pypi numpy 2.3.1 requirements-transitive.txt"));
  EXPECT_TRUE(rows.contains("pypi django 1.11.29 requirements.txt"));
  EXPECT_TRUE(rows.contains("pypi django 2.2.24 requirements.prod.txt"));
  EXPECT_TRUE(rows.contains("pypi black 25.1.0 requirements-dev.txt"));

  const std::string root = TempDirectory() + "/includes";
  std::filesystem::create_directories(root + "/requirements");
  std::ofstream(root + "/requirements.txt")
      << "-r requirements/base.txt\n-r ../../etc/passwd\nflask==2.0.0\n";
  std::ofstream(root + "/requirements/base.txt")
      << "Jinja2==3.0.0 --hash=sha256:00\n-r ../requirements.txt\n";
  json own = ScanFs(root);
  EXPECT_EQ(Rows(own), (std::set<std::string>{"pypi flask 2.0.0 requirements.txt",
                                              "pypi Jinja2 3.0.0 requirements/base.txt"}));
  bool escape_reported = false;
  for (const auto& e : own["errors"]) {
    escape_reported |= e["message"].get<std::string>().find("outside the scanned tree") != std::string::npos;
  }
  EXPECT_TRUE(escape_reported) << own["errors"].dump();
}

// With --include-dev-deps the poetry.lock's 8 dev packages are listed and marked; without it (the default, as
// Trivy's) they are left out.
TEST(FsScanTest, DevDependenciesMarked) {
  const std::string dir =
      TestData("aquasecurity+trivy/pkg/fanal/analyzer/language/python/poetry/testdata/happy-v2");
  EXPECT_EQ(Rows(ScanFs(dir)).size(), 8u);
  EXPECT_TRUE(Rows(ScanFs(dir), /*dev_only=*/true).empty());
  json report = ScanFs(dir, "json", " --include-dev-deps");
  EXPECT_EQ(Rows(report).size(), 16u);
  std::set<std::string> dev = Rows(report, /*dev_only=*/true);
  EXPECT_EQ(dev.size(), 8u);
  EXPECT_TRUE(dev.contains("pypi pytest 5.4.3 poetry.lock"));
  for (const auto& p : report["packages"]) {
    if (p["name"] == "flask") { EXPECT_FALSE(p.contains("dev")) << "dev printed only when set"; }  // poetry: lower case
  }
  json bom = ScanFs(dir, "cyclonedx", " --include-dev-deps");
  int optional = 0;
  for (const auto& c : bom["components"]) optional += c.value("scope", "") == "optional";
  EXPECT_EQ(optional, 8);
  const std::string bom_file = TempDirectory() + "/dev-deps.cdx.json";
  std::ofstream(bom_file) << bom.dump();
  EXPECT_EQ(SchemaViolations("cyclonedx-1.6", bom_file), "");
}

TEST(FsScanTest, GemfileLockAndInstalledGemspecs) {
  json report = ScanFs(TestData("anchore+grype/test/integration/testdata/image-debian-match-coverage/ruby"));
  EXPECT_EQ(Rows(report), (std::set<std::string>{"gem bundler 2.1.4 specifications/bundler.gemspec",
                                                 "gem rails 4.1.1 Gemfile.lock"}));
  EXPECT_EQ(report["packages"][0]["licenses"], json::array({"MIT"}));
  EXPECT_EQ(report["packages"][0]["purl"], "pkg:gem/bundler@2.1.4");
}

// PyPA's YAML advisories compiled by db build --osv match the pins of trivy's requirements.txt.
TEST(FsScanTest, PinnedRequirementsMatchPypaYamlAdvisories) {
  const std::string db = TempDirectory() + "/pypa.db";
  const std::string vulns = TestData("pypa+advisory-database/vulns");
  auto built = RunDrydock("db build --osv " + vulns + "/werkzeug --osv " + vulns + "/flask -o " + db);
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_NE(built.err.find("7 advisories, 0 skipped"), std::string::npos) << built.err;
  auto result = RunDrydock("fs " + TestData(std::string(kRepo) + "pip") + " --db " + db + " -q -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  std::set<std::string> found;
  for (const auto& v : report["vulnerabilities"]) {
    found.insert(v["id"].get<std::string>() + " " + v["package_name"].get<std::string>() + " " +
                 v["fixed_version"].get<std::string>() + " " + v["path"].get<std::string>());
  }
  // Read off the records: flask 2.0.0 is before PYSEC-2023-62's fix (2.2.5) and after PYSEC-2018-66's
  // (0.12.3) and PYSEC-2019-179's (1.0); werkzeug 0.11 is before every werkzeug fix. Names are reported as
  // requirements.txt spells them ("Werkzeug"), matched as PyPI normalises them.
  EXPECT_EQ(
      found,
      (std::set<std::string>{
          "PYSEC-2023-62 Flask 2.2.5 requirements.txt", "PYSEC-2017-43 Werkzeug 0.11.11 requirements.txt",
          "PYSEC-2019-140 Werkzeug 0.15.3 requirements.txt",
          "PYSEC-2020-157 Werkzeug 0.11.6 requirements.txt", "PYSEC-2022-203 Werkzeug 2.1.1 requirements.txt",
          "PYSEC-2023-57 Werkzeug 2.2.3 requirements.txt", "PYSEC-2023-58 Werkzeug 2.2.3 requirements.txt",
          "PYSEC-2023-221 Werkzeug 2.3.8 requirements.txt"}));
  EXPECT_EQ(report["errors"], json::array()) << "no OS in a project tree is not an error";
}

TEST(FsScanTest, BrokenLockfileIsReportedAndTheScanGoesOn) {
  const std::string root = TempDirectory() + "/broken";
  std::filesystem::create_directories(root + "/b");
  std::filesystem::create_directories(root + "/c");
  std::ofstream(root + "/poetry.lock") << "[[package]]\nname = \"a\"\nversion = \"1";
  std::ofstream(root + "/b/requirements.txt") << "six==1.16.0\n";
  std::ofstream(root + "/package-lock.json") << "[\"an\", \"array\"]";
  std::filesystem::resize_file(
      (std::ofstream(root + "/c/requirements-big.txt"), root + "/c/requirements-big.txt"),
      200 << 20);  // sparse: 200 MB of NULs without writing them
  json report = ScanFs(root);
  EXPECT_EQ(Rows(report), (std::set<std::string>{"pypi six 1.16.0 b/requirements.txt"}));
  std::map<std::string, std::string> errors;  // path -> message
  for (const auto& e : report["errors"])
    errors[e["path"].get<std::string>()] = e["message"].get<std::string>();
  EXPECT_EQ(errors.size(), 4u) << report["errors"].dump();  // and "no vulnerability DB given"
  EXPECT_NE(errors["poetry.lock"].find("not TOML: line 3"), std::string::npos) << errors["poetry.lock"];
  EXPECT_FALSE(errors["package-lock.json"].empty()) << report["errors"].dump();
  EXPECT_FALSE(errors["c/requirements-big.txt"].empty()) << report["errors"].dump();
}

}  // namespace
}  // namespace drydock::e2e
