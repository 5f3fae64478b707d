// `drydock server` as a real process on a free loopback port, for the API tests: started with its own store,
// stopped with SIGTERM (or killed with SIGKILL) by PID.
#pragma once

#include <sys/types.h>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace drydock::e2e {

class ServerProcess {
 public:
  // Runs `drydock server --listen 127.0.0.1:PORT ARGS...` and waits until /healthz answers.
  explicit ServerProcess(const std::vector<std::string>& args, const std::string& log_name);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool Up() const { return up_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }  // 0 once stopped
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::unique_ptr<httplib::Client> Client() const;
  std::string Log() const;  // what the server wrote to stderr
  // SIGTERM and wait; returns the exit status (-1 if it had to be killed).
  int Stop();
  void Kill9();

 private:
  int port_;
  pid_t pid_ = 0;
  bool up_ = false;
  std::string log_path_;
};

// `drydock server token create --scope SCOPES --store STORE`: the printed token.
std::string CreateToken(const std::string& store, const std::string& scopes);

httplib::Headers Bearer(const std::string& token);

// Polls GET /api/v1/jobs/ID until the job is done or failed (or `seconds` pass); returns its JSON.
nlohmann::json WaitForJob(httplib::Client& client, const std::string& token, std::int64_t id, int seconds = 60);

}  // namespace drydock::e2e
