// Where else images come from in a registry: TLS with a private CA, multi-arch indexes, tags that move,
// docker's stored credentials and helpers, `drydock registry login`, and mirrors with fallback. Each against
// Debian's real docker-registry on 127.0.0.1, fed by skopeo from ../shared/testdata.
#include <stdlib.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "cli_runner.h"
#include "registry_fixture.h"
#include "test_images.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

const std::string kAlpineArchive = "aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz";

// skopeo reads docker-archive tars only uncompressed: inflate the archive once into the temp directory.
std::string AlpineSource() {
  static const std::string tar = [] {
    std::string path = TempDirectory() + "/alpine-310.tar";
    Shell("zcat " + TestData(kAlpineArchive) + " > " + path);
    return path;
  }();
  return "docker-archive:" + tar;
}

std::set<std::string> PackageIds(const json& report) {
  std::set<std::string> ids;
  for (const auto& p : report["packages"]) ids.insert(p["id"].get<std::string>());
  return ids;
}

// Sets an environment variable for the test's lifetime (drydock inherits it), restoring the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1); else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class RegistrySourcesTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    debian_ = ScanJson("oci:" + TestData("images/debian12-app.oci.tar"));
    alpine_ = ScanJson(TestData(kAlpineArchive));
  }
  static inline json debian_, alpine_;
};

TEST_F(RegistrySourcesTest, TlsWithASelfSignedCaNeedsThatCa) {
  Registry tls("tls", {.with_tls = true});
  ASSERT_TRUE(tls.Up());
  tls.Push("1");
  EXPECT_EQ(ScanJson(tls.Reference("1") + " --ca-cert " + tls.CaCert())["packages"], debian_["packages"]);
  auto untrusted = RunDrydock("image " + tls.Reference("1") + " --skip-db -q");
  EXPECT_EQ(untrusted.exit_code, 3);
  EXPECT_NE(untrusted.err.find("certificate"), std::string::npos) << untrusted.err;
  // --insecure is the user saying "do not check": it then works without the CA.
  EXPECT_EQ(ScanJson(tls.Reference("1") + " --insecure")["packages"], debian_["packages"]);
}

TEST_F(RegistrySourcesTest, AMultiArchIndexIsResolvedByPlatform) {
  Registry registry("multi");
  ASSERT_TRUE(registry.Up());
  const std::string layout = TempDirectory() + "/multi-layout";
  Shell("skopeo --insecure-policy copy -q " + DebianAppSource() + " oci:" + layout + ":debian");
  Shell("skopeo --insecure-policy copy -q " + AlpineSource() + " oci:" + layout + ":alpine");
  Shell("python3 " + std::string(DRYDOCK_SOURCE_DIR) + "/tests/tools/make_multiarch_layout.py " + layout +
        " debian alpine");
  registry.Push("1", "", "oci:" + layout + ":multi", "drydock-test/multi", /*all=*/true);
  const std::string ref = registry.Reference("1", "drydock-test/multi");

  EXPECT_EQ(PackageIds(ScanJson(ref)), PackageIds(debian_));  // linux/amd64 by default
  json arm = ScanJson(ref + " --platform linux/arm64");
  EXPECT_EQ(PackageIds(arm), PackageIds(alpine_));
  EXPECT_EQ(arm["artifact"]["os"]["family"], "alpine");
  EXPECT_EQ(PackageIds(ScanJson(ref + " --platform linux/arm64/v8")), PackageIds(alpine_));

  auto none = RunDrydock("image " + ref + " --platform linux/s390x --skip-db -q");
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_NE(none.err.find("linux/amd64"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("linux/arm64/v8"), std::string::npos) << none.err;
}

TEST_F(RegistrySourcesTest, ATagThatMovedScansTheImageItNowNames) {
  Registry registry("moving");
  ASSERT_TRUE(registry.Up());
  registry.Push("stable");
  json before = ScanJson(registry.Reference("stable"));
  EXPECT_EQ(PackageIds(before), PackageIds(debian_));
  registry.Push("stable", "", AlpineSource());
  json after = ScanJson(registry.Reference("stable"));
  EXPECT_EQ(PackageIds(after), PackageIds(alpine_));
  EXPECT_NE(after["artifact"]["digest"], before["artifact"]["digest"]);
}

// With a DB from the real Alpine v3.4 secdb, a pull finds exactly what the archive scan finds (57 findings,
// derived from the secdb text in alpine_scan_test.cc).
TEST_F(RegistrySourcesTest, FindingsEqualTheArchiveScans) {
  Registry registry("findings");
  ASSERT_TRUE(registry.Up());
  const std::string image = MakeAlpine34Image();
  registry.Push("3.4", "", "docker-archive:" + image, "library/alpine");
  const std::string db = TempDirectory() + "/alpine34.db";
  ASSERT_EQ(RunDrydock("db build --secdb " + TestData("alpinelinux+alpine-secdb/v3.4/main.yaml") + " -o " + db)
                .exit_code, 0);
  auto archive = RunDrydock("image " + image + " --db " + db + " -f json -q");
  auto remote = RunDrydock("image " + registry.Reference("3.4", "library/alpine") + " --db " + db + " -f json -q");
  ASSERT_EQ(archive.exit_code, 0) << archive.err;
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  json want = json::parse(archive.out)["vulnerabilities"], got = json::parse(remote.out)["vulnerabilities"];
  EXPECT_EQ(want.size(), 57u);
  EXPECT_EQ(got, want);
}

// One htpasswd registry, reached with credentials from docker's config.json, a helper, and a login.
class StoredCredentialsTest : public RegistrySourcesTest {
 protected:
  static void SetUpTestSuite() {
    RegistrySourcesTest::SetUpTestSuite();
    secured_ = std::make_unique<Registry>("stored-creds", RegistrySetup{.with_auth = true});
    if (secured_->Up()) secured_->Push("1", kUser + ":" + kPassword);
  }
  static void TearDownTestSuite() { secured_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(secured_->Up());
    config_dir_ = TempDirectory() + "/docker-config-" + testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(config_dir_);
    env_ = std::make_unique<ScopedEnv>("DOCKER_CONFIG", config_dir_);
  }
  void TearDown() override { env_.reset(); }
  void WriteConfig(const std::string& text) const { std::ofstream(config_dir_ + "/config.json") << text; }

  std::string config_dir_;
  std::unique_ptr<ScopedEnv> env_;
  static inline std::unique_ptr<Registry> secured_;
};

TEST_F(StoredCredentialsTest, AuthsEntryInConfigJson) {
  const std::string auth = Shell("printf '%s' '" + kUser + ":" + kPassword + "' | base64 -w0");
  WriteConfig("{\"auths\": {\"" + secured_->Host() + "\": {\"auth\": \"" + auth + "\"}}}");
  EXPECT_EQ(ScanJson(secured_->Reference("1"))["packages"], debian_["packages"]);
}

TEST_F(StoredCredentialsTest, CredentialHelperNamedByCredHelpers) {
  const std::string bin = config_dir_ + "/bin";
  std::filesystem::create_directories(bin);
  std::ofstream(bin + "/docker-credential-drydocktest")
      << "#!/bin/sh\nread server\n[ \"$server\" = " << secured_->Host()
      << " ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
      << "echo '{\"ServerURL\":\"'$server'\",\"Username\":\"" << kUser << "\",\"Secret\":\"" << kPassword << "\"}'\n";
  ::chmod((bin + "/docker-credential-drydocktest").c_str(), 0755);
  ScopedEnv path("PATH", bin + ":" + std::getenv("PATH"));
  WriteConfig("{\"credHelpers\": {\"" + secured_->Host() + "\": \"drydocktest\"}}");
  auto result = RunDrydock("image " + secured_->Reference("1") + " --skip-db -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["packages"], debian_["packages"]);
  EXPECT_EQ(result.out.find(kPassword) + result.err.find(kPassword), 2 * std::string::npos);
}

TEST_F(StoredCredentialsTest, RegistryLoginChecksThenStores) {
  std::ofstream(config_dir_ + "/wrong") << "not-the-password\n";
  auto wrong = RunDrydock("registry login " + secured_->Host() + " -u " + kUser + " --password-stdin < " +
                          config_dir_ + "/wrong");
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("authentication failed"), std::string::npos) << wrong.err;
  EXPECT_FALSE(std::filesystem::exists(config_dir_ + "/config.json"));

  std::ofstream(config_dir_ + "/right") << kPassword << "\n";
  auto right = RunDrydock("registry login " + secured_->Host() + " -u " + kUser + " --password-stdin < " +
                          config_dir_ + "/right");
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(right.out.find(kPassword) + right.err.find(kPassword), 2 * std::string::npos);
  struct stat st{};
  ASSERT_EQ(::stat((config_dir_ + "/config.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The file is docker's own format: an auths entry keyed by the host.
  std::ifstream in(config_dir_ + "/config.json");
  json config = json::parse(in);
  EXPECT_TRUE(config["auths"].contains(secured_->Host())) << config.dump();
  EXPECT_EQ(ScanJson(secured_->Reference("1"))["packages"], debian_["packages"]);
}

TEST_F(RegistrySourcesTest, MirrorsAreTriedFirstAndTheOriginIsTheFallback) {
  Registry origin("origin"), empty_mirror("empty-mirror"), full_mirror("full-mirror");
  ASSERT_TRUE(origin.Up() && empty_mirror.Up() && full_mirror.Up());
  origin.Push("1");
  full_mirror.Push("1");
  // The mirror lacks the image: the origin serves it.
  EXPECT_EQ(ScanJson(origin.Reference("1") + " --registry-mirror " + empty_mirror.Host())["packages"],
            debian_["packages"]);
  // The origin is down: the mirror serves it.
  const std::string dead_origin = "127.0.0.1:" + std::to_string(FreePort()) + "/" + kRepository + ":1";
  EXPECT_EQ(ScanJson(dead_origin + " --registry-mirror http://" + full_mirror.Host())["packages"],
            debian_["packages"]);
  // Neither has it: the error names both.
  auto neither = RunDrydock("image " + dead_origin + " --registry-mirror " + empty_mirror.Host() + " --skip-db -q");
  EXPECT_EQ(neither.exit_code, 3);
  EXPECT_NE(neither.err.find("mirror " + empty_mirror.Host()), std::string::npos) << neither.err;
  EXPECT_NE(neither.err.find("origin"), std::string::npos) << neither.err;
}

}  // namespace
}  // namespace drydock::e2e
