// Registry pulls end to end against Debian's real docker-registry on 127.0.0.1: an image pushed with skopeo
// from ../shared/testdata must scan by reference exactly as it scans from its archive.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "registry_fault_proxy.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

constexpr const char* kRegistryBinary = "/usr/bin/docker-registry";
constexpr auto kStartupTimeout = std::chrono::seconds(15);
const std::string kRepository = "drydock-test/debian12-app";
const std::string kUser = "alice", kPassword = "pw-Never-Printed-7";

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}};
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {htonl(INADDR_LOOPBACK)}};
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// One docker-registry process with its own config, storage and port; killed by PID when destroyed.
class Registry {
 public:
  explicit Registry(const std::string& name, bool with_auth) : port_(FreePort()) {
    dir_ = TempDirectory() + "/" + name;
    std::filesystem::create_directories(dir_ + "/storage");
    std::ofstream config(dir_ + "/config.yml");
    config << "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: " << dir_
           << "/storage\nhttp:\n  addr: 127.0.0.1:" << port_ << "\n";
    if (with_auth) {
      Shell("htpasswd -Bbn " + kUser + " " + kPassword + " > " + dir_ + "/htpasswd");
      config << "auth:\n  htpasswd:\n    realm: drydock-test\n    path: " << dir_ << "/htpasswd\n";
    }
    config.close();
    std::string config_path = dir_ + "/config.yml", log_path = dir_ + "/registry.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const char* argv[] = {kRegistryBinary, "serve", config_path.c_str(), nullptr};
    if (::posix_spawn(&pid_, kRegistryBinary, &actions, nullptr, const_cast<char**>(argv), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    for (auto start = std::chrono::steady_clock::now(); pid_ != 0 && !Accepts(port_);) {
      if (std::chrono::steady_clock::now() - start > kStartupTimeout) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Registry() {
    if (pid_ != 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool Up() const { return pid_ != 0 && Accepts(port_); }
  int port() const { return port_; }
  std::string Reference(const std::string& tag) const {
    return "127.0.0.1:" + std::to_string(port_) + "/" + kRepository + ":" + tag;
  }
  void Push(const std::string& tag, const std::string& creds = "") const {
    Shell("skopeo --insecure-policy copy -q --dest-tls-verify=false " + (creds.empty() ? "" : "--dest-creds " + creds) +
          " oci-archive:" + TestData("images/debian12-app.oci.tar") + ":latest docker://" + Reference(tag));
  }
  std::string BlobFile(const std::string& digest) const {
    std::string hex = digest.substr(7);
    return dir_ + "/storage/docker/registry/v2/blobs/sha256/" + hex.substr(0, 2) + "/" + hex + "/data";
  }

 private:
  int port_;
  pid_t pid_ = 0;
  std::string dir_;
};

json ScanJson(const std::string& args) {
  auto result = RunDrydock("image " + args + " --skip-db -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.exit_code == 0 ? json::parse(result.out) : json::object();
}

class RegistryTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    archive_ = ScanJson("oci:" + TestData("images/debian12-app.oci.tar"));
    anonymous_ = std::make_unique<Registry>("anonymous", false);
    if (anonymous_->Up()) anonymous_->Push("1");
  }
  static void TearDownTestSuite() { anonymous_.reset(); }  // stops the registry even when a test failed
  void SetUp() override { ASSERT_TRUE(anonymous_->Up()) << kRegistryBinary << " did not start"; }

  static inline json archive_;
  static inline std::unique_ptr<Registry> anonymous_;
};

TEST_F(RegistryTest, AnonymousPullGivesTheArchiveScansPackages) {
  json remote = ScanJson(anonymous_->Reference("1") + " --insecure");
  ASSERT_EQ(remote["packages"].size(), 132u);
  EXPECT_EQ(remote["packages"], archive_["packages"]);
  EXPECT_EQ(remote["artifact"]["digest"], archive_["artifact"]["digest"]);
  EXPECT_EQ(remote["artifact"]["layers"], archive_["artifact"]["layers"]);
  EXPECT_EQ(remote["artifact"]["name"], anonymous_->Reference("1"));
  // 127.0.0.1 may speak plain HTTP without --insecure, as docker allows for loopback registries.
  EXPECT_EQ(ScanJson(anonymous_->Reference("1"))["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, PullByDigest) {
  std::string digest = archive_["artifact"]["digest"];
  std::string ref = anonymous_->Reference("1");
  json remote = ScanJson(ref.substr(0, ref.rfind(':')) + "@" + digest);
  EXPECT_EQ(remote["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, UnknownTagIsAClearError) {
  auto result = RunDrydock("image " + anonymous_->Reference("no-such-tag") + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("manifests/no-such-tag: HTTP 404: MANIFEST_UNKNOWN"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, APlatformTheImageIsNotIsRefused) {
  auto result = RunDrydock("image " + anonymous_->Reference("1") + " --platform linux/arm64 --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("the image is linux/amd64, not linux/arm64"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, BasicAuthWithHtpasswd) {
  Registry secured("htpasswd", true);
  ASSERT_TRUE(secured.Up());
  secured.Push("1", kUser + ":" + kPassword);
  std::string ref = secured.Reference("1");
  auto anonymous = RunDrydock("image " + ref + " --skip-db -q");
  EXPECT_EQ(anonymous.exit_code, 3);
  EXPECT_NE(anonymous.err.find("requires a username and password"), std::string::npos) << anonymous.err;
  auto wrong = RunDrydock("image " + ref + " --username " + kUser + " --password not-it --skip-db -q");
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("authentication failed"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find("not-it"), std::string::npos) << "a password was printed";
  auto right = RunDrydock("image " + ref + " --username " + kUser + " --password " + kPassword + " --skip-db -f json -q");
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(json::parse(right.out)["packages"], archive_["packages"]);
  EXPECT_EQ(right.out.find(kPassword), std::string::npos) << "a password reached the report";
}

// Rewriting the gzip header's MTIME keeps the layer inflatable with the same diff_id, so only the blob
// digest check can catch it.
TEST_F(RegistryTest, TamperedBlobFailsItsDigest) {
  Registry tampered("tampered", false);
  ASSERT_TRUE(tampered.Up());
  tampered.Push("1");
  std::string digest = archive_["artifact"]["layers"][1]["digest"];
  std::fstream blob(tampered.BlobFile(digest), std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(blob) << tampered.BlobFile(digest);
  blob.seekp(4);
  blob.write("\x01\x02\x03\x04", 4);
  blob.close();
  auto result = RunDrydock("image " + tampered.Reference("1") + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("layer 2 (" + digest + "): content does not match its digest"), std::string::npos)
      << result.err;
}

std::string ThroughProxy(const FaultProxy& proxy) {
  return "127.0.0.1:" + std::to_string(proxy.port()) + "/" + kRepository + ":1";
}

TEST_F(RegistryTest, ServerErrorsAreRetriedUntilTheySucceed) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 2, .fail_status = 503});
  json remote = ScanJson(ThroughProxy(proxy) + " --insecure");
  EXPECT_EQ(remote["packages"], archive_["packages"]);
  EXPECT_EQ(proxy.failures_sent(), 2);
}

TEST_F(RegistryTest, TooManyRequestsHonoursRetryAfter) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 1, .fail_status = 429, .retry_after = "2"});
  auto start = std::chrono::steady_clock::now();
  json remote = ScanJson(ThroughProxy(proxy) + " --insecure");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(remote["packages"], archive_["packages"]);
}

TEST_F(RegistryTest, PersistentServerErrorsGiveUp) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.fail_first = 1000, .fail_status = 500});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("HTTP 500: INJECTED"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("after 4 attempts"), std::string::npos) << result.err;
}

TEST_F(RegistryTest, BearerTokenFlow) {
  const std::string token = "token-Never-Printed-9";
  FaultProxy proxy(anonymous_->port(), FaultRules{.bearer_token = token});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["packages"], archive_["packages"]);
  EXPECT_GE(proxy.tokens_issued(), 1);
  EXPECT_EQ(result.out.find(token) + result.err.find(token), 2 * std::string::npos);
}

// A server that accepts and then says nothing must end in an error, not a scan that never returns.
TEST_F(RegistryTest, HangingServerTimesOut) {
  FaultProxy proxy(anonymous_->port(), FaultRules{.hang = true});
  auto result = RunDrydock("image " + ThroughProxy(proxy) + " --insecure --skip-db -q");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("too slow"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drydock::e2e
