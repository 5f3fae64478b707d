// The lockfile formats read by one parser each (pubspec.lock, Package.resolved, mix.lock, conan.lock, bun.lock,
// conda, Packages.props, build.sbt.lock, Manifest.toml) on Trivy's, osv-scalibr's and Syft's real fixtures, with
// the expected rows read off the files; then truncated, malformed and oversized input for each parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "catalog/conda/conda.h"
#include "catalog/cpp/cpp.h"
#include "catalog/dart/dart.h"
#include "catalog/dotnet/dotnet.h"
#include "catalog/elixir/elixir.h"
#include "catalog/java/java.h"
#include "catalog/julia/julia.h"
#include "catalog/node/node.h"
#include "catalog/swift/swift.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kTrivyRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo/";
constexpr const char* kTrivyParser = "aquasecurity+trivy/pkg/dependency/parser/";
constexpr const char* kScalibr = "google+osv-scalibr/extractor/filesystem/language/";

// "ecosystem name version[ dev]" rows, sorted.
std::set<std::string> Rows(const ParsedPackages& parsed) {
  std::set<std::string> rows;
  for (const Package& p : parsed.packages) rows.insert(p.ecosystem + " " + p.name + " " + p.version + (p.dev ? " dev" : ""));
  return rows;
}

std::set<std::string> RowsOf(Result<ParsedPackages> (*parse)(std::string_view), const std::string& file) {
  auto parsed = parse(TestData(file));
  EXPECT_TRUE(parsed.has_value()) << file << ": " << parsed.error().message;
  return parsed ? Rows(*parsed) : std::set<std::string>{};
}

TEST(PubspecLockTest, RealLockfiles) {
  EXPECT_EQ(RowsOf(ParsePubspecLock, std::string(kTrivyRepo) + "pubspec/pubspec.lock"),
            (std::set<std::string>{"pub http 0.13.2", "pub shelf 1.3.1"}));
  // flutter_test comes from the Flutter SDK ("source: sdk", version 0.0.0): not a pub.dev package.
  EXPECT_EQ(RowsOf(ParsePubspecLock, std::string(kTrivyParser) + "dart/pub/testdata/happy.lock"),
            (std::set<std::string>{"pub crypto 3.0.2", "pub uuid 3.0.6"}));
  EXPECT_EQ(RowsOf(ParsePubspecLock, std::string(kScalibr) + "dart/pubspec/testdata/mixed-packages.lock"),
            (std::set<std::string>{"pub back_button_interceptor 6.0.1", "pub build_runner 2.2.1 dev",
                                   "pub shelf 1.3.2", "pub shelf_web_socket 1.0.2"}));
  // git packages are kept, the project's own path package is not.
  EXPECT_EQ(RowsOf(ParsePubspecLock, std::string(kScalibr) + "dart/pubspec/testdata/source-git.lock").size(), 5u);
  EXPECT_TRUE(RowsOf(ParsePubspecLock, std::string(kScalibr) + "dart/pubspec/testdata/source-path.lock").empty());
  EXPECT_TRUE(RowsOf(ParsePubspecLock, std::string(kTrivyParser) + "dart/pub/testdata/empty.lock").empty());
  EXPECT_FALSE(ParsePubspecLock(TestData("anchore+syft/syft/pkg/cataloger/dart/testdata/corrupt/pubspec.lock")));
  EXPECT_FALSE(ParsePubspecLock(TestData(std::string(kScalibr) + "dart/pubspec/testdata/not-yaml.txt")));
}

TEST(PackageResolvedTest, Versions1To3) {
  EXPECT_EQ(RowsOf(ParsePackageResolved, std::string(kTrivyRepo) + "swift/Package.resolved"),
            (std::set<std::string>{"swift github.com/apple/swift-atomics 1.1.0", "swift github.com/apple/swift-nio 2.41.0"}));
  auto v2 = ParsePackageResolved(TestData(std::string(kTrivyParser) + "swift/swift/testdata/happy-v2-Package.resolved"));
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->packages.size(), 5u);
  ASSERT_EQ(v2->skipped.size(), 1u);  // swift-ogg is pinned to a branch: no version to judge
  EXPECT_NE(v2->skipped[0].find("swift-ogg"), std::string::npos) << v2->skipped[0];
  EXPECT_TRUE(Rows(*v2).contains("swift github.com/ReactiveCocoa/ReactiveSwift 7.1.1"));
  EXPECT_EQ(RowsOf(ParsePackageResolved, "anchore+syft/syft/pkg/cataloger/swift/testdata/Package.resolved").size(), 5u);
  auto v3 = ParsePackageResolved(TestData("anchore+syft/syft/pkg/cataloger/swift/testdata/PackageV3.resolved"));
  ASSERT_TRUE(v3.has_value());
  EXPECT_TRUE(Rows(*v3).contains("swift github.com/apple/swift-syntax 509.1.1"));
  EXPECT_TRUE(RowsOf(ParsePackageResolved, "anchore+syft/syft/pkg/cataloger/swift/testdata/empty-packages.resolved").empty());
  EXPECT_FALSE(ParsePackageResolved(TestData(std::string(kScalibr) + "swift/packageresolved/testdata/invalid")));
}

TEST(MixLockTest, HexPackagesAndGitOnes) {
  const auto rows = RowsOf(ParseMixLock, std::string(kTrivyRepo) + "mixlock/mix.lock");
  EXPECT_EQ(rows.size(), 10u);
  EXPECT_TRUE(rows.contains("hex phoenix 1.6.13"));
  EXPECT_TRUE(rows.contains("hex telemetry 1.1.0"));
  auto happy = ParseMixLock(TestData(std::string(kTrivyParser) + "hex/mix/testdata/happy.mix.lock"));
  ASSERT_TRUE(happy.has_value()) << happy.error().message;
  EXPECT_TRUE(Rows(*happy).contains("hex credo 1.6.6"));
  EXPECT_FALSE(Rows(*happy).contains("hex esaml 4294a3ac5262582144e117c10a1537287b6c1fe8"));
  ASSERT_EQ(happy->skipped.size(), 1u);  // esaml: a :git dependency
  auto git = ParseMixLock(TestData(std::string(kScalibr) + "erlang/mixlock/testdata/git.lock"));
  ASSERT_TRUE(git.has_value()) << git.error().message;
  EXPECT_TRUE(git->packages.empty());
  EXPECT_EQ(git->skipped.size(), 3u);
  EXPECT_TRUE(RowsOf(ParseMixLock, std::string(kTrivyParser) + "hex/mix/testdata/empty.mix.lock").empty());
  // "certifi": {:hex, } is cut off mid-tuple: no package name and version.
  auto invalid = ParseMixLock(TestData(std::string(kScalibr) + "elixir/mixlock/testdata/invalid"));
  EXPECT_TRUE(!invalid.has_value() || !invalid->skipped.empty());
}

TEST(ConanLockTest, Conan1GraphAndConan2Lists) {
  const auto v1 = RowsOf(ParseConanLock, std::string(kTrivyRepo) + "conan/conan.lock");
  EXPECT_TRUE(v1.contains("conan poco 1.9.4"));
  EXPECT_TRUE(v1.contains("conan zlib 1.2.12"));
  for (const std::string& row : v1) EXPECT_FALSE(row.starts_with("conan  ")) << "the root has no ref";
  EXPECT_EQ(RowsOf(ParseConanLock, std::string(kTrivyParser) + "c/conan/testdata/happy_v2.lock"),
            (std::set<std::string>{"conan sound32 1.0", "conan matrix 1.3", "conan automake 1.16.5 dev",
                                   "conan autoconf 2.71 dev"}));
  // The root (the node with a path) is the project itself; ninja is a build requirement.
  EXPECT_EQ(RowsOf(ParseConanLock, std::string(kScalibr) + "cpp/conanlock/testdata/one-package-dev.v1.json"),
            (std::set<std::string>{"conan ninja 1.11.1 dev"}));
  EXPECT_EQ(RowsOf(ParseConanLock, std::string(kScalibr) + "cpp/conanlock/testdata/old-format-0.0.json"),
            (std::set<std::string>{"conan zlib 1.2.11"}));
  auto no_name = ParseConanLock(TestData(std::string(kScalibr) + "cpp/conanlock/testdata/no-name.v1.json"));
  ASSERT_TRUE(no_name.has_value());
  EXPECT_EQ(Rows(*no_name), (std::set<std::string>{"conan zlib 1.2.11"}));
  EXPECT_EQ(no_name->skipped.size(), 1u);  // ref "1.2.3" names no package
  EXPECT_FALSE(ParseConanLock(TestData(std::string(kScalibr) + "cpp/conanlock/testdata/not-json.txt")));
  EXPECT_FALSE(ParseConanLock(TestData("anchore+syft/syft/pkg/cataloger/cpp/testdata/corrupt/conan.lock")));
}

TEST(BunLockTest, PackagesAndDevOnes) {
  // @types/bun is a devDependency and pulls in bun-types, @types/node and undici-types; typescript is a peer.
  EXPECT_EQ(RowsOf(ParseBunLock, std::string(kTrivyRepo) + "bun/bun.lock"),
            (std::set<std::string>{"npm @types/bun 1.2.14 dev", "npm @types/node 22.15.21 dev",
                                   "npm bun-types 1.2.14 dev", "npm jquery 3.3.1", "npm typescript 5.8.3",
                                   "npm undici-types 6.21.0 dev"}));
  // Workspaces are the project's own code.
  EXPECT_EQ(RowsOf(ParseBunLock, std::string(kTrivyParser) + "nodejs/bun/testdata/bun_multiple_ws.lock"),
            (std::set<std::string>{"npm chalk 5.0.1", "npm lodash 4.17.21"}));
  // An aliased copy and a nested one ("supports-color-old/has-flag").
  EXPECT_EQ(RowsOf(ParseBunLock, std::string(kScalibr) + "javascript/bunlock/testdata/alias.json5"),
            (std::set<std::string>{"npm has-flag 3.0.0", "npm has-flag 4.0.0", "npm supports-color 6.1.0",
                                   "npm supports-color 7.2.0"}));
  auto bad = ParseBunLock(TestData(std::string(kScalibr) + "javascript/bunlock/testdata/bad-tuple.json5"));
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(Rows(*bad), (std::set<std::string>{"npm wrappy 1.0.2"}));
  EXPECT_EQ(bad->skipped.size(), 2u);
  EXPECT_FALSE(ParseBunLock(TestData(std::string(kTrivyParser) + "nodejs/bun/testdata/bun_invalid.lock")));
  EXPECT_FALSE(ParseBunLock(TestData(std::string(kScalibr) + "javascript/bunlock/testdata/not-json.txt")));
}

// Found by bun_lock_fuzz (fuzz/seeds/bun_lock_fuzz/workspace-name-object.lock): a workspace whose "name" is an
// object made nlohmann throw type_error 302 out of the parser, which ended the whole scan.
TEST(BunLockTest, WorkspaceNameOfTheWrongTypeIsNoCrash) {
  auto lock = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/fuzz/seeds/bun_lock_fuzz/workspace-name-object.lock",
                              1 << 20);
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  auto parsed = ParseBunLock(*lock);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->packages.empty());
  EXPECT_EQ(parsed->skipped.size(), 1u);  // its one entry is ["has-ffv3EISQ=="], no "name@version"
  auto named = ParseBunLock(R"({"workspaces": {"": {"name": 7, "dependencies": {"a": "1"}}},
                                "packages": {"a": ["a@1.0.0", "", {}, "sha512-x"]}})");
  ASSERT_TRUE(named.has_value()) << named.error().message;
  EXPECT_EQ(Rows(*named), (std::set<std::string>{"npm a 1.0.0"}));
}

TEST(CondaTest, EnvironmentFilesAndCondaMeta) {
  EXPECT_EQ(RowsOf(ParseCondaEnvironment, std::string(kTrivyRepo) + "conda-environment/environment.yaml"),
            (std::set<std::string>{"conda bzip2 1.0.8"}));
  auto happy = ParseCondaEnvironment(TestData(std::string(kTrivyParser) + "conda/environment/testdata/happy.yaml"));
  ASSERT_TRUE(happy.has_value()) << happy.error().message;
  EXPECT_EQ(Rows(*happy), (std::set<std::string>{"conda blas 1.0", "conda ca-certificates 2024.2",
                                                 "conda libexpat 2.6.2", "conda libffi 3.4.2", "conda libgomp 13.2.0",
                                                 "conda libnsl 2.0.1", "conda bzip2 1.0.8", "pypi asgiref 3.8.1",
                                                 "pypi django 5.0.6"}));
  // _openmp_mutex, ld_impl (2.40.*), libblas (>=3.9), libcblas, libgcc-ng, libgfortran-ng, libgfortran5, liblapack.
  EXPECT_EQ(happy->skipped.size(), 8u) << Joined(happy->skipped);
  for (const char* broken : {"invalid.yaml", "wrong-deps-type.yaml"}) {
    auto parsed = ParseCondaEnvironment(TestData(std::string(kTrivyParser) + "conda/environment/testdata/" + broken));
    EXPECT_TRUE(!parsed.has_value() || !parsed->skipped.empty()) << broken;
  }
  EXPECT_EQ(RowsOf(ParseCondaMeta, std::string(kTrivyRepo) +
                                       "conda/miniconda3/envs/testenv/conda-meta/openssl-1.1.1q-h7f8727e_0.json"),
            (std::set<std::string>{"conda openssl 1.1.1q"}));
  EXPECT_TRUE(IsCondaMeta("opt/conda/conda-meta/zlib-1.2.11-h90dfc92_1014.json"));
  EXPECT_FALSE(IsCondaMeta("opt/conda/conda-meta/history"));
  EXPECT_FALSE(ParseCondaMeta(TestData(std::string(kTrivyParser) + "conda/meta/testdata/invalid_json.json")));
  EXPECT_FALSE(ParseCondaMeta(TestData(std::string(kTrivyParser) + "conda/meta/testdata/invalid_package.json")));
  EXPECT_FALSE(ParseCondaMeta(TestData("anchore+syft/syft/pkg/cataloger/conda/testdata/conda-meta-bad-json/conda-meta/"
                                       "package-1.2.3-pyhd8ed1ab_0.json")));
}

TEST(PackagesPropsTest, CentralPackageVersions) {
  const std::string dir = std::string(kTrivyParser) + "nuget/packagesprops/testdata/";
  EXPECT_EQ(RowsOf(ParsePackagesProps, dir + "Directory.Packages.props"),
            (std::set<std::string>{"nuget PackageOne 6.2.3", "nuget PackageTwo 6.0.0", "nuget PackageThree 2.4.1"}));
  EXPECT_EQ(RowsOf(ParsePackagesProps, dir + "packages.props"),
            (std::set<std::string>{"nuget Microsoft.Extensions.Configuration 2.1.1",
                                   "nuget Microsoft.Extensions.DependencyInjection.Abstractions 2.2.1",
                                   "nuget Microsoft.Extensions.Http 3.2.1"}));
  auto variables = ParsePackagesProps(TestData(dir + "variables_and_empty"));
  ASSERT_TRUE(variables.has_value());
  EXPECT_EQ(Rows(*variables), (std::set<std::string>{"nuget PackageFour 2.4.1"}));
  EXPECT_EQ(variables->skipped.size(), 4u);
  EXPECT_EQ(RowsOf(ParsePackagesProps, dir + "several_item_groups").size(), 3u);
  EXPECT_TRUE(RowsOf(ParsePackagesProps, dir + "no_item_group.props").empty());
  EXPECT_FALSE(ParsePackagesProps(TestData(dir + "no_project.props")));
  EXPECT_EQ(RowsOf(ParsePackagesProps, std::string(kTrivyRepo) + "packagesprops/Directory.Packages.props").empty(), false);
}

TEST(SbtLockTest, MavenCoordinates) {
  EXPECT_EQ(RowsOf(ParseSbtLock, std::string(kTrivyRepo) + "sbt/build.sbt.lock"),
            (std::set<std::string>{"maven com.fasterxml.jackson.core:jackson-databind 2.9.1"}));
  const auto happy = RowsOf(ParseSbtLock, std::string(kTrivyParser) + "sbt/lockfile/testdata/v1_happy.sbt.lock");
  EXPECT_FALSE(happy.empty());
  EXPECT_TRUE(RowsOf(ParseSbtLock, std::string(kTrivyParser) + "sbt/lockfile/testdata/empty.sbt.lock").empty());
}

TEST(JuliaManifestTest, RegistryPackagesNotStdlibs) {
  // Dates, Mmap, Printf, Random, ... carry no version: Julia's standard library.
  EXPECT_EQ(RowsOf(ParseJuliaManifest, std::string(kTrivyParser) + "julia/manifest/testdata/primary/Manifest_v1.8.toml"),
            (std::set<std::string>{"julia JSON 0.21.4", "julia Parsers 2.5.10", "julia PrecompileTools 1.1.1",
                                   "julia Preferences 1.4.0", "julia SHA 0.7.0", "julia TOML 1.0.0"}));
  EXPECT_TRUE(RowsOf(ParseJuliaManifest, std::string(kTrivyRepo) + "julia/Manifest.toml").empty());
  // The 1.0 format, every package developed locally (path) or unversioned.
  EXPECT_TRUE(RowsOf(ParseJuliaManifest, std::string(kTrivyParser) + "julia/manifest/testdata/julia_v1.0_format/Manifest.toml").empty());
  EXPECT_EQ(RowsOf(ParseJuliaManifest, std::string(kScalibr) + "julia/manifesttoml/testdata/more-than-two-dependencies.toml"),
            (std::set<std::string>{"julia JSON 1.0.0", "julia TOML 2.0.0"}));
  EXPECT_FALSE(ParseJuliaManifest(TestData(std::string(kScalibr) + "julia/manifesttoml/testdata/not-toml.txt")));
}

// Every parser: cut short, not its format, a nesting bomb, invalid UTF-8 and an oversized file are Errors or
// skipped entries, never a crash or a made-up package.
TEST(LockfileBrokenInputTest, EveryParserSurvives) {
  struct Case {
    const char* name;
    Result<ParsedPackages> (*parse)(std::string_view);
    std::string good;  // a real file to truncate
  };
  const Case cases[] = {
      {"pubspec.lock", ParsePubspecLock, TestData(std::string(kTrivyRepo) + "pubspec/pubspec.lock")},
      {"Package.resolved", ParsePackageResolved, TestData(std::string(kTrivyRepo) + "swift/Package.resolved")},
      {"mix.lock", ParseMixLock, TestData(std::string(kTrivyRepo) + "mixlock/mix.lock")},
      {"conan.lock", ParseConanLock, TestData(std::string(kTrivyRepo) + "conan/conan.lock")},
      {"bun.lock", ParseBunLock, TestData(std::string(kTrivyRepo) + "bun/bun.lock")},
      {"environment.yml", ParseCondaEnvironment, TestData(std::string(kTrivyParser) + "conda/environment/testdata/happy.yaml")},
      {"conda-meta", ParseCondaMeta, TestData(std::string(kTrivyRepo) + "conda/miniconda3/envs/testenv/conda-meta/openssl-1.1.1q-h7f8727e_0.json")},
      {"Packages.props", ParsePackagesProps, TestData(std::string(kTrivyParser) + "nuget/packagesprops/testdata/Directory.Packages.props")},
      {"build.sbt.lock", ParseSbtLock, TestData(std::string(kTrivyRepo) + "sbt/build.sbt.lock")},
      {"Manifest.toml", ParseJuliaManifest, TestData(std::string(kTrivyParser) + "julia/manifest/testdata/primary/Manifest_v1.8.toml")},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.good.empty()) << c.name;
    auto whole = c.parse(c.good);
    ASSERT_TRUE(whole.has_value()) << c.name << ": " << whole.error().message;
    // Every prefix: a result or an Error. Only the entry the cut went through may differ from the whole
    // file's (a line-based format may read "2.40.*" cut to "2.40." as a version); every other must be real.
    const std::set<std::string> all = Rows(*whole);
    for (std::size_t cut = 0; cut < c.good.size(); cut += std::max<std::size_t>(1, c.good.size() / 97)) {
      auto parsed = c.parse(std::string_view(c.good).substr(0, cut));
      if (!parsed) continue;
      std::size_t unknown = 0;
      for (const std::string& row : Rows(*parsed)) unknown += !all.contains(row);
      EXPECT_LE(unknown, 1u) << c.name << " cut at " << cut;
    }
    for (const std::string& bad : {std::string(200000, '['), std::string(200000, '{'), std::string("\xff\xfe\x00\x01", 4),
                                   std::string("%{\"a\": {:hex, :a, \"1\""), std::string(64 << 20, ' ') + "x"}) {
      auto parsed = c.parse(bad);
      if (parsed) {
        EXPECT_TRUE(parsed->packages.empty()) << c.name << " made packages of " << bad.substr(0, 20);
      }
    }
  }
}

}  // namespace
}  // namespace drydock
