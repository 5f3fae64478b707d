// One error style for every module boundary: Result<T> = std::expected<T, Error>.
// Each hop adds context with Wrap(), so a message reads outermost-first:
//   "reading layer sha256:ab..: var/lib/dpkg/status: line 812: field without a name".
// An error also carries a code: what kind of failure it is, so a caller (the server mapping to HTTP statuses,
// a job queue deciding whether to retry) can branch without reading the message. Wrapping keeps the code.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace drydock {

enum class ErrorCode {
  kInternal,         // anything not classified below; the default of Fail()
  kInvalidInput,     // the caller's input is malformed or out of bounds (a bad reference, a broken SBOM)
  kNotFound,         // the named thing does not exist (a file, an image tag, a stored record)
  kUnauthorized,     // credentials missing or refused
  kForbidden,        // credentials accepted but not allowed to do this
  kUnavailable,      // a dependency is down or overloaded; trying again later may work
  kCancelled,        // the caller asked to stop
  kDeadlineExceeded, // the caller's time limit ran out
  kConflict,         // the request contradicts the current state (a lease held by someone else)
  kTooLarge,         // an input exceeds a named limit
};

// "not_found": the code's stable name, for logs, JSON error bodies and stored job errors.
constexpr std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kDeadlineExceeded: return "deadline_exceeded";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kTooLarge: return "too_large";
  }
  return "internal";
}

struct Error {
  std::string message;
  ErrorCode code = ErrorCode::kInternal;

  // Returns this error with `context` prepended ("context: message"), keeping the code.
  Error Wrap(std::string_view context) const { return Error{fmt::format("{}: {}", context, message), code}; }
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the error branch of a Result: `return Fail("bad digest {}", d);` (code kInternal).
template <class... Args>
std::unexpected<Error> Fail(fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(Error{fmt::format(format, std::forward<Args>(args)...)});
}

// As Fail, with a code: `return FailWith(ErrorCode::kNotFound, "no image {}", digest);`
template <class... Args>
std::unexpected<Error> FailWith(ErrorCode code, fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(Error{fmt::format(format, std::forward<Args>(args)...), code});
}

// Propagates an error with context: `return Rewrap(r.error(), "reading {}", path);` (the code is kept).
template <class... Args>
std::unexpected<Error> Rewrap(const Error& error, fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(error.Wrap(fmt::format(format, std::forward<Args>(args)...)));
}

}  // namespace drydock
