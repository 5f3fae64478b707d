#include "cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace drydock::e2e {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Capture {
  int status;
  std::string out;
};

Capture Popen(const std::string& command) {
  Capture capture{-1, ""};
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return capture;
  std::array<char, 1 << 16> buffer;
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) capture.out.append(buffer.data(), n);
  capture.status = ::pclose(pipe);
  return capture;
}

}  // namespace

std::string TestData(const std::string& relative) { return std::string(DRYDOCK_TESTDATA) + "/" + relative; }

std::string TempDirectory() {
  static const std::string dir = [] {
    std::string pattern = std::filesystem::temp_directory_path() / "drydock-e2e-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    static std::string to_remove = pattern;
    std::atexit([] { std::filesystem::remove_all(to_remove); });
    return pattern;
  }();
  return dir;
}

CommandResult RunDrydock(const std::string& args) {
  static int counter = 0;
  std::string err_path = TempDirectory() + "/stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  auto capture = Popen(DrydockPath() + " " + args + " 2>" + err_path);
  CommandResult result;
  result.exit_code = WIFEXITED(capture.status) ? WEXITSTATUS(capture.status) : -1;
  result.out = std::move(capture.out);
  result.err = Slurp(err_path);
  return result;
}

std::string DrydockPath() { return std::string(DRYDOCK_BINARY_DIR) + "/drydock"; }

std::string Shell(const std::string& command) {
  auto capture = Popen("set -e; " + command);
  if (!WIFEXITED(capture.status) || WEXITSTATUS(capture.status) != 0) {
    throw std::runtime_error("fixture command failed: " + command);
  }
  return capture.out;
}

}  // namespace drydock::e2e
