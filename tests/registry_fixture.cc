#include "registry_fixture.h"

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
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

constexpr const char* kRegistryBinary = "/usr/bin/docker-registry";
constexpr auto kStartupTimeout = std::chrono::seconds(15);

}  // namespace

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

namespace {

// True when `pid` holds the socket listening on 127.0.0.1:`port` (/proc/net/tcp names its inode, the process's
// fds link to socket:[inode]).
bool OwnsListener(pid_t pid, int port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line, inode;
  std::getline(tcp, line);  // the header
  char local_want[32];
  std::snprintf(local_want, sizeof local_want, "0100007F:%04X", port);
  while (std::getline(tcp, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, node;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> node;
    if (local == local_want && state == "0A") inode = node;  // 0A: LISTEN
  }
  if (inode.empty()) return false;
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::error_code link_ec;
    if (std::filesystem::read_symlink(fd.path(), link_ec).string() == "socket:[" + inode + "]") return true;
  }
  return false;
}

}  // namespace

nlohmann::json ScanJson(const std::string& args) {
  auto result = RunDrydock("image " + args + " --skip-db --no-cache -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.exit_code == 0 ? nlohmann::json::parse(result.out) : nlohmann::json::object();
}

std::string DebianAppSource() { return "oci-archive:" + TestData("images/debian12-app.oci.tar") + ":latest"; }

Registry::Registry(const std::string& name, RegistrySetup setup) : port_(0) {
  dir_ = TempDirectory() + "/" + name;
  std::filesystem::create_directories(dir_ + "/storage");
  if (setup.with_tls) MakeCertificates();
  if (setup.with_auth) Shell("htpasswd -Bbn " + kUser + " " + kPassword + " > " + dir_ + "/htpasswd");
  // FreePort's port is free only when asked: another test may take it before the registry binds it (a test's
  // never-answering listener once did, and every push to "the registry" hung). The registry is up only when its
  // own process holds the listening socket; if it exits (the port was taken) it starts again on another port.
  for (int attempt = 0; attempt < 5 && pid_ == 0; ++attempt) {
    port_ = FreePort();
    WriteConfig(setup);
    const std::string config_path = dir_ + "/config.yml", log_path = dir_ + "/registry.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const char* argv[] = {kRegistryBinary, "serve", config_path.c_str(), nullptr};
    pid_t pid = 0;
    if (::posix_spawn(&pid, kRegistryBinary, &actions, nullptr, const_cast<char**>(argv), environ) != 0) pid = 0;
    posix_spawn_file_actions_destroy(&actions);
    if (pid == 0) break;
    for (auto start = std::chrono::steady_clock::now();;) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) break;  // exited: try another port
      if (OwnsListener(pid, port_)) {
        pid_ = pid;
        break;
      }
      if (std::chrono::steady_clock::now() - start > kStartupTimeout) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void Registry::WriteConfig(const RegistrySetup& setup) const {
  std::ofstream config(dir_ + "/config.yml");
  config << "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: " << dir_
         << "/storage\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" << port_ << "\n";
  if (setup.with_tls) {
    config << "  tls:\n    certificate: " << dir_ << "/server.pem\n    key: " << dir_ << "/server.key\n";
  }
  if (setup.with_auth) {
    config << "auth:\n  htpasswd:\n    realm: drydock-test\n    path: " << dir_ << "/htpasswd\n";
  }
  if (!setup.notify_url.empty()) {
    config << "notifications:\n  endpoints:\n    - name: drydock\n      url: " << setup.notify_url
           << "\n      headers:\n        Authorization: [Bearer " << setup.notify_token
           << "]\n      timeout: 5s\n      threshold: 5\n      backoff: 1s\n";
  }
}

Registry::~Registry() {
  if (pid_ != 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool Registry::Up() const { return pid_ != 0 && Accepts(port_); }

// A throwaway CA and a server certificate for IP 127.0.0.1 signed by it, made with the openssl tool.
void Registry::MakeCertificates() const {
  std::ofstream(dir_ + "/san.ext") << "subjectAltName=IP:127.0.0.1\n";
  Shell("cd " + dir_ +
        " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=drydock-test-ca"
        " 2>/dev/null && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1"
        " 2>/dev/null && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
        " -extfile san.ext -out server.pem 2>/dev/null");
}

void Registry::Push(const std::string& tag, const std::string& creds, const std::string& source,
                    const std::string& repository, bool all) const {
  Shell("skopeo --insecure-policy copy -q --dest-tls-verify=false " + std::string(all ? "--all " : "") +
        (creds.empty() ? "" : "--dest-creds " + creds + " ") + (source.empty() ? DebianAppSource() : source) +
        " docker://" + Reference(tag, repository));
}

std::string Registry::BlobFile(const std::string& digest) const {
  std::string hex = digest.substr(7);
  return dir_ + "/storage/docker/registry/v2/blobs/sha256/" + hex.substr(0, 2) + "/" + hex + "/data";
}

}  // namespace drydock::e2e
