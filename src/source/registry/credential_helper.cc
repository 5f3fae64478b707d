#include "source/registry/credential_helper.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <ctime>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "source/registry/credentials.h"

extern char** environ;

namespace drydock {
namespace {

// A helper's name becomes part of a program name looked up in PATH: keep it to a plain word.
bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return name != "." && name != "..";
}

struct Output {
  std::string out;
  bool timed_out = false;
  bool too_large = false;
};

// Reads `fd` until EOF, the size bound or the deadline.
Output Drain(int fd) {
  Output output;
  const auto deadline = std::chrono::steady_clock::now() + kCredentialHelperTimeout;
  char buffer[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      output.timed_out = true;
      return output;
    }
    pollfd wanted{.fd = fd, .events = POLLIN, .revents = 0};
    int ready = ::poll(&wanted, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return output;
    output.out.append(buffer, static_cast<std::size_t>(n));
    if (output.out.size() > kMaxHelperOutputBytes) {
      output.too_large = true;
      return output;
    }
  }
}

}  // namespace

Result<std::optional<HelperCredentials>> RunCredentialHelper(const std::string& name, const std::string& server) {
  if (!IsPlainName(name)) return Fail("credential helper name \"{}\" is not a plain name", name.substr(0, 64));
  const std::string program = "docker-credential-" + name;
  int to_child[2], from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) return Fail("{}: pipe: {}", program, std::strerror(errno));
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return Fail("{}: pipe: {}", program, std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const char* argv[] = {program.c_str(), "get", nullptr};
  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child[0]);
  ::close(from_child[1]);
  if (spawned != 0) {
    ::close(to_child[1]);
    ::close(from_child[0]);
    return Fail("credential helper {} could not be run: {}", program, std::strerror(spawned));
  }
  // SIGPIPE would end the process if the helper exits without reading; a failed write shows in its answer.
  // The signal is blocked for this thread only (a library must not change process-wide signal state), and a
  // SIGPIPE this write raised is taken back before the mask is restored.
  sigset_t pipe_signal, previous;
  ::sigemptyset(&pipe_signal);
  ::sigaddset(&pipe_signal, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  ssize_t written = ::write(to_child[1], server.data(), server.size());
  if (written < 0 && errno == EPIPE) {
    const timespec no_wait{};
    while (::sigtimedwait(&pipe_signal, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ::close(to_child[1]);
  Output output = Drain(from_child[0]);
  ::close(from_child[0]);
  if (output.timed_out || output.too_large) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (output.timed_out) return Fail("{} get: no answer in {} s", program, kCredentialHelperTimeout.count());
  if (output.too_large) return Fail("{} get: answer over {} bytes", program, kMaxHelperOutputBytes);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // The protocol's "not found" answer is a message on stdout, not a secret.
    if (output.out.find("credentials not found") != std::string::npos) return std::optional<HelperCredentials>();
    return Fail("{} get for {} failed (exit status {})", program, server, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  auto parsed = ParseBoundedJson(output.out, program, kMaxHelperOutputBytes);
  const nlohmann::json answer = parsed ? std::move(*parsed) : nlohmann::json();
  if (!answer.is_object() || !answer.contains("Username") || !answer["Username"].is_string() ||
      !answer.contains("Secret") || !answer["Secret"].is_string()) {
    return Fail("{} get: the answer is not {{\"Username\", \"Secret\"}} JSON", program);
  }
  return std::optional<HelperCredentials>(
      HelperCredentials{answer["Username"].get<std::string>(), answer["Secret"].get<std::string>()});
}

}  // namespace drydock
