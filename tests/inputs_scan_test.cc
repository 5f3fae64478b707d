// Inputs end to end, through the real CLI: SBOMs other tools wrote (rpm epochs, SPDX tag-value, attestations,
// KBOM), OpenVEX and ignore files naming packages by standard purls, --include-dev-deps, and the lockfile
// formats added for Swift, Julia and NuGet's central versions matched against real advisories
// (GHSA-7fj7-39wj-c64f, JLSEC-2025-1, GHSA-266m-wp2v-x7mq, Go vulndb).
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
namespace fs = std::filesystem;

constexpr const char* kSbomDir = "aquasecurity+trivy/integration/testdata/fixtures/sbom/";
constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/";

json RunJson(const std::string& args) {
  auto result = RunDrydock(args + " -q -f json");
  EXPECT_EQ(result.exit_code, 0) << args << "\n" << result.err;
  return json::parse(result.out, nullptr, false);
}

// "id package_name installed_version" per finding.
std::set<std::string> Findings(const json& report) {
  std::set<std::string> out;
  for (const auto& f : report["vulnerabilities"]) {
    out.insert(f["id"].get<std::string>() + " " + f["package_name"].get<std::string>() + " " +
               f["installed_version"].get<std::string>());
  }
  return out;
}

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = TempDirectory() + "/" + name;
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
  return path;
}

std::string BuildDb(const std::string& name, const std::string& feeds) {
  const std::string db = TempDirectory() + "/" + name + ".db";
  auto built = RunDrydock("db build " + feeds + " -o " + db);
  EXPECT_EQ(built.exit_code, 0) << built.err;
  return db;
}

// The issue's case: Trivy's centos-7 SBOM says openssl-libs 1:1.0.2k-16.el7 (epoch in the purl's qualifier,
// source in SrcEpoch/SrcVersion/SrcRelease). RHSA-2019:2304 fixed it in 1:1.0.2k-19.el7: 16 is affected; the same
// SBOM saying 21 is not (it was, when the epoch and release were dropped).
TEST(InputsScanTest, SbomRpmEpochAndReleaseDecideTheMatch) {
  const std::string db = BuildDb("rhsa", "--osv " + std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/inputs");
  const std::string sbom = TestData(std::string(kSbomDir) + "centos-7-cyclonedx.json");
  json report = RunJson("sbom " + sbom + " --db " + db);
  // One finding per vulnerability (ids below are the CVE each record names): the RHSA names CVE-2018-0734, which becomes the reported id.
  EXPECT_EQ(Findings(report), (std::set<std::string>{"CVE-2018-0734 openssl-libs 1:1.0.2k-16.el7"}));
  ASSERT_EQ(report["vulnerabilities"].size(), 1u);
  EXPECT_NE(report["vulnerabilities"][0]["aliases"].dump().find("RHSA-2019:2304"), std::string::npos);
  EXPECT_EQ(report["vulnerabilities"][0]["fixed_version"], "1:1.0.2k-19.el7");
  EXPECT_EQ(report["vulnerabilities"][0]["match"]["ecosystem"], "Red Hat:7");
  std::ifstream in(sbom);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t at; (at = text.find("1.0.2k-16.el7")) != std::string::npos;) text.replace(at, 13, "1.0.2k-21.el7");
  text.replace(text.find("\"16.el7\""), 8, "\"21.el7\"");  // SrcRelease
  json patched = RunJson("sbom " + Write("centos-7-openssl-21.cdx.json", text) + " --db " + db);
  EXPECT_TRUE(patched["vulnerabilities"].empty()) << patched["vulnerabilities"].dump();
  // The same CycloneDX as a DSSE-wrapped in-toto attestation: the same finding. (Trivy's SPDX forms name no
  // source package, so there openssl-libs meets no record filed under openssl.)
  EXPECT_EQ(Findings(RunJson("sbom " + TestData(std::string(kSbomDir) + "centos-7-cyclonedx.intoto.jsonl") +
                             " --db " + db)),
            Findings(report));
}

// OpenVEX naming the advisory by @id only and the package by a standard Go purl (drydock once wrote Go purls
// with %2F, so such a statement never matched); an ignore file naming the other finding by an alias and purl.
TEST(InputsScanTest, VexAndIgnoreFileMatchStandardGoPurls) {
  const std::string feeds = TempDirectory() + "/go-feed";
  fs::create_directories(feeds);
  for (const char* id : {"GO-2021-0113", "GO-2022-0603"}) {
    fs::copy_file(TestData(std::string("golang+vulndb/data/osv/") + id + ".json"), feeds + "/" + id + ".json",
                  fs::copy_options::overwrite_existing);
  }
  const std::string db = BuildDb("go", "--osv " + feeds);
  const std::string repo = TestData(std::string(kRepo) + "gomod");
  json plain = RunJson("fs " + repo + " --db " + db);
  const std::set<std::string> both = {"CVE-2021-38561 golang.org/x/text v0.3.6",
                                      "CVE-2022-28948 gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b"};
  ASSERT_EQ(Findings(plain), both);
  for (const auto& p : plain["packages"]) {
    if (p["name"] == "golang.org/x/text") {
      EXPECT_EQ(p["purl"], "pkg:golang/golang.org/x/text@v0.3.6");
    }
  }
  const std::string vex = Write("go.openvex.json", R"({"@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex/1", "author": "drydock test", "timestamp": "2024-01-01T00:00:00Z", "version": 1,
    "statements": [{"vulnerability": {"@id": "https://pkg.go.dev/vuln/GO-2021-0113"},
                    "products": [{"@id": "pkg:golang/golang.org/x/text@v0.3.6"}],
                    "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]})");
  EXPECT_EQ(Findings(RunJson("fs " + repo + " --db " + db + " --vex " + vex)),
            (std::set<std::string>{"CVE-2022-28948 gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b"}));
  const std::string ignore = Write("go.drydockignore",
                                   "CVE-2022-28948 purl=pkg:golang/gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b\n");
  EXPECT_EQ(Findings(RunJson("fs " + repo + " --db " + db + " --ignorefile " + ignore)),
            (std::set<std::string>{"CVE-2021-38561 golang.org/x/text v0.3.6"}));
}

// Trivy's swift fixture pins swift-nio 2.41.0; GHSA-7fj7-39wj-c64f affects [2.41.0, 2.42.0) under SwiftURL
// "github.com/apple/swift-nio", the lockfile's "https://github.com/apple/swift-nio".
TEST(InputsScanTest, SwiftPackageResolvedMatchesGhsa) {
  const std::string db = BuildDb("ghsa", "--osv " + TestData("aquasecurity+trivy-db/pkg/vulnsrc/ghsa/testdata/happy/ghsa/advisories"));
  json report = RunJson("fs " + TestData(std::string(kRepo) + "swift") + " --db " + db);
  EXPECT_EQ(Findings(report), (std::set<std::string>{"CVE-2022-3215 github.com/apple/swift-nio 2.41.0"}));
  ASSERT_FALSE(report["vulnerabilities"].empty());
  EXPECT_EQ(report["vulnerabilities"][0]["match"]["ecosystem"], "SwiftURL");
  EXPECT_EQ(report["vulnerabilities"][0]["fixed_version"], "2.42.0");
  // NuGet names are one package in any case: a Directory.Packages.props spelling the runtime pack in lower
  // case still meets GHSA-266m-wp2v-x7mq ([9.0.0, 9.0.6) for Microsoft.NetCore.App.Runtime.linux-arm).
  const std::string props = Write("nuget-case/Directory.Packages.props", R"(<Project><ItemGroup>
    <PackageVersion Include="microsoft.netcore.app.runtime.linux-arm" Version="9.0.1" />
    <PackageVersion Include="Microsoft.NETCore.App.Runtime.linux-arm" Version="9.0.6" />
  </ItemGroup></Project>)");
  json nuget = RunJson("fs " + fs::path(props).parent_path().string() + " --db " + db);
  EXPECT_EQ(Findings(nuget),
            (std::set<std::string>{"CVE-2025-30399 microsoft.netcore.app.runtime.linux-arm 9.0.1"}));
}

// JLSEC-2025-1 (HTTP.jl before 1.10.17), from the Julia advisory database's OSV export as trivy-db's fixture
// keeps it. A project pinning HTTP 1.10.16 is affected, 1.10.17 not; stdlibs in the manifest are no packages.
TEST(InputsScanTest, JuliaManifestMatchesJlsec) {
  const std::string db = BuildDb("julia", "--osv " + TestData("aquasecurity+trivy-db/pkg/vulnsrc/julia/testdata/happy/julia"));
  const std::string manifest = R"(julia_version = "1.11.2"
manifest_format = "2.0"

[[deps.Dates]]
deps = ["Printf"]
uuid = "ade2ca70-3891-5945-98fb-dc099432e06a"

[[deps.HTTP]]
deps = ["Base64", "CodecZlib", "Dates", "URIs"]
git-tree-sha1 = "c67b33b085f6e2faf8bf79a61962e7339a81129c"
uuid = "cd3eb016-35fb-5094-929b-558a96fad6f3"
version = "VERSION"
)";
  std::string affected = manifest, fixed = manifest;
  affected.replace(affected.find("VERSION"), 7, "1.10.16");
  fixed.replace(fixed.find("VERSION"), 7, "1.10.17");
  json report = RunJson("fs " + fs::path(Write("julia-old/Manifest.toml", affected)).parent_path().string() + " --db " + db);
  EXPECT_EQ(Findings(report), (std::set<std::string>{"CVE-2025-52479 HTTP 1.10.16"}));
  ASSERT_EQ(report["packages"].size(), 1u);
  EXPECT_EQ(report["packages"][0]["purl"], "pkg:julia/HTTP@1.10.16");
  json after = RunJson("fs " + fs::path(Write("julia-new/Manifest.toml", fixed)).parent_path().string() + " --db " + db);
  EXPECT_TRUE(after["vulnerabilities"].empty());
}

// Every new lockfile format is read by `drydock fs` from Trivy's repo fixtures (and none by an image scan of
// the same tree), with its own ecosystem.
TEST(InputsScanTest, FsReadsEveryNewLockfileFormat) {
  const std::pair<const char*, const char*> cases[] = {
      {"pubspec", "pub"},  {"swift", "swift"}, {"mixlock", "hex"}, {"conan", "conan"},
      {"bun", "npm"},      {"conda-environment", "conda"}, {"conda", "conda"}, {"packagesprops", "nuget"},
      {"sbt", "maven"},
  };
  for (const auto& [dir, ecosystem] : cases) {
    json report = RunJson("fs " + TestData(std::string(kRepo) + dir) + " --skip-db --include-dev-deps");
    ASSERT_FALSE(report["packages"].empty()) << dir << ": " << report["errors"].dump();
    for (const auto& p : report["packages"]) EXPECT_EQ(p["ecosystem"], ecosystem) << dir << ": " << p.dump();
  }
}

// A tree where nothing drydock reads exists says so instead of a silent "0 vulnerabilities"; a recognised file
// that cannot be parsed is an error entry naming it.
TEST(InputsScanTest, NothingReadOrUnreadableSaysSo) {
  const std::string empty = TempDirectory() + "/nothing-here";
  fs::create_directories(empty);
  std::ofstream(empty + "/README.md") << "# just a readme\n";
  json report = RunJson("fs " + empty + " --skip-db");
  bool said = false;
  for (const auto& e : report["errors"]) said |= e["message"].get<std::string>().starts_with("no package found");
  EXPECT_TRUE(said) << report["errors"].dump();

  const std::string broken = TempDirectory() + "/broken-new";
  for (const char* file : {"pubspec.lock", "Package.resolved", "mix.lock", "conan.lock", "bun.lock", "build.sbt.lock",
                           "Manifest.toml", "environment.yml", "Directory.Packages.props"}) {
    Write(std::string("broken-new/") + file, "{[ :: not this format\n");
  }
  json bad = RunJson("fs " + broken + " --skip-db");
  std::set<std::string> paths;
  for (const auto& e : bad["errors"]) paths.insert(e["path"].get<std::string>());
  for (const char* file : {"pubspec.lock", "Package.resolved", "mix.lock", "conan.lock", "bun.lock", "build.sbt.lock",
                           "Manifest.toml", "environment.yml", "Directory.Packages.props"}) {
    EXPECT_TRUE(paths.contains(file)) << file << ": " << bad["errors"].dump();
  }
}

// Trivy's cargo fixture: winapi is a [dev-dependencies] crate of the root "app", which is no dependency itself.
TEST(InputsScanTest, CargoDevDependenciesAndRoot) {
  const std::string repo = TestData(std::string(kRepo) + "cargo");
  std::set<std::string> names, with_dev;
  const json runtime = RunJson("fs " + repo + " --skip-db");
  const json all = RunJson("fs " + repo + " --skip-db --include-dev-deps");
  for (const auto& p : runtime["packages"]) names.insert(p["name"].get<std::string>());
  for (const auto& p : all["packages"]) {
    with_dev.insert(p["name"].get<std::string>() + (p.value("dev", false) ? " dev" : ""));
  }
  EXPECT_EQ(names, (std::set<std::string>{"aho-corasick", "libc", "memchr", "regex", "regex-syntax"}));
  EXPECT_TRUE(with_dev.contains("winapi dev"));
  EXPECT_FALSE(with_dev.contains("app"));
}

}  // namespace
}  // namespace drydock::e2e
