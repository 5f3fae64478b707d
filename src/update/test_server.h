// tests/tools/update_server.py on a free loopback port, for tests of db update and feed fetching: a real
// HTTP server with ETag/Last-Modified, 304s, Range, and the faults a mirror can have (see the script).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace drydock {

class TestServer {
 public:
  // Serves `dir`; one line per request is appended to `log`; `extra` are the script's fault flags.
  TestServer(const std::filesystem::path& dir, const std::filesystem::path& log, std::vector<std::string> extra = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  std::string Url(const std::string& path) const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace drydock
