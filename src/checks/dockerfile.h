// A Dockerfile as instructions: pure parser (text -> instructions) and the DD-DF-* checks over them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

inline constexpr std::size_t kMaxDockerfileBytes = 4 << 20;
inline constexpr std::size_t kMaxDockerfileInstructions = 10'000;

struct DockerInstruction {
  std::string keyword;  // upper case: FROM, RUN, USER, ...
  std::string args;     // continuation lines joined with a space
  std::size_t line = 0;  // where it starts, 1-based
};

// Comments, blank lines and parser directives dropped; `\` continuations joined. Errors: over the limits, or
// an instruction line without a keyword.
Result<std::vector<DockerInstruction>> ParseDockerfile(std::string_view text);

std::vector<Misconfiguration> CheckDockerfile(const std::vector<DockerInstruction>& instructions,
                                              const std::string& path);

}  // namespace drydock
