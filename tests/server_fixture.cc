#include "server_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "registry_fixture.h"

extern char** environ;

namespace drydock::e2e {

ServerProcess::ServerProcess(const std::vector<std::string>& args, const std::string& log_name, const std::string& tls_ca)
    : port_(FreePort()), tls_ca_(tls_ca) {
  log_path_ = TempDirectory() + "/server-" + log_name + ".log";
  std::vector<std::string> argv_strings = {DrydockPath(), "server", "--listen", "127.0.0.1:" + std::to_string(port_)};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
  posix_spawn_file_actions_destroy(&actions);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (pid_ != 0 && std::chrono::steady_clock::now() < until) {
    httplib::Client client(Url());
    if (!tls_ca_.empty()) client.set_ca_cert_path(tls_ca_.c_str());
    client.set_connection_timeout(std::chrono::milliseconds(200));
    if (auto res = client.Get("/healthz"); res && res->status == 200) {
      up_ = true;
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited: a startup error, in the log
      pid_ = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServerProcess::~ServerProcess() { Stop(); }

std::unique_ptr<httplib::Client> ServerProcess::Client() const {
  auto client = std::make_unique<httplib::Client>(Url());
  if (!tls_ca_.empty()) client->set_ca_cert_path(tls_ca_.c_str());
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::seconds(30));
  return client;
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int ServerProcess::Stop() {
  if (pid_ == 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 200; ++i) {  // 10 s for a graceful stop
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill9();
  return -1;
}

void ServerProcess::Kill9() {
  if (pid_ == 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

void MakeServerCertificate(const std::string& dir) {
  Shell("mkdir -p " + dir + " && cd " + dir +
        " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=drydock-test-ca"
        " -keyout ca-key.pem -out ca.pem 2>/dev/null"
        " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1"
        " -keyout server-key.pem -out server.csr 2>/dev/null"
        " && printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > ext.cnf"
        " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile ext.cnf"
        " -out server.pem 2>/dev/null");
}

std::string CreateToken(const std::string& store, const std::string& scopes) {
  auto made = RunDrydock("server token create --scope " + scopes + " --store " + store);
  std::string token = made.out.substr(0, made.out.find('\n'));
  return made.exit_code == 0 ? token : "";
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

nlohmann::json WaitForJob(httplib::Client& client, const std::string& token, std::int64_t id, int seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  nlohmann::json job;
  while (std::chrono::steady_clock::now() < until) {
    auto res = client.Get("/api/v1/jobs/" + std::to_string(id), Bearer(token));
    if (res && res->status == 200) {
      job = nlohmann::json::parse(res->body);
      if (job["state"] == "done" || job["state"] == "failed") return job;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return job;
}

}  // namespace drydock::e2e
