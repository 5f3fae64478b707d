#include "update/test_server.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern char** environ;

namespace drydock {

TestServer::TestServer(const std::filesystem::path& dir, const std::filesystem::path& log,
                       std::vector<std::string> extra) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> argv_s = {"python3", std::string(DRYDOCK_SOURCE_DIR) + "/tests/tools/update_server.py",
                                     dir.string(), log.string()};
  argv_s.insert(argv_s.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  EXPECT_EQ(posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  char line[32] = {};
  FILE* f = ::fdopen(out[0], "r");
  if (std::fgets(line, sizeof line, f) != nullptr) port_ = std::atoi(line);
  std::fclose(f);
  EXPECT_GT(port_, 0) << "update server did not start";
}

TestServer::~TestServer() {
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

std::string TestServer::Url(const std::string& path) const {
  return fmt::format("http://127.0.0.1:{}/{}", port_, path);
}

}  // namespace drydock
