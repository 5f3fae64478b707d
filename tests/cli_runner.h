// Runs build/drydock as a user would and captures what it says, for end-to-end tests.
#pragma once

#include <string>

namespace drydock::e2e {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` is appended to the drydock binary's path and run by /bin/sh.
CommandResult RunDrydock(const std::string& args);
// The drydock binary under test, for commands that wrap it (strace).
std::string DrydockPath();
// Runs any shell command; stdout is returned, a failure ends the test binary (fixture setup only).
std::string Shell(const std::string& command);

std::string TestData(const std::string& relative);
std::string TempDirectory();  // one per test binary, removed at exit

}  // namespace drydock::e2e
