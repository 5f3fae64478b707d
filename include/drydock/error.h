// One error style for every module boundary: Result<T> = std::expected<T, Error>.
// Each hop adds context with Wrap(), so a message reads outermost-first:
//   "reading layer sha256:ab..: var/lib/dpkg/status: line 812: field without a name".
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace drydock {

struct Error {
  std::string message;

  // Returns this error with `context` prepended ("context: message").
  Error Wrap(std::string_view context) const { return Error{fmt::format("{}: {}", context, message)}; }
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the error branch of a Result: `return Fail("bad digest {}", d);`
template <class... Args>
std::unexpected<Error> Fail(fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(Error{fmt::format(format, std::forward<Args>(args)...)});
}

// Propagates an error with context: `return Rewrap(r.error(), "reading {}", path);`
template <class... Args>
std::unexpected<Error> Rewrap(const Error& error, fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(error.Wrap(fmt::format(format, std::forward<Args>(args)...)));
}

}  // namespace drydock
