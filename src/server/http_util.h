// What every route shares: errors as JSON with the HTTP status their code maps to, bounded JSON bodies, and
// the checks on identifiers taken from paths and queries.
#pragma once

#include <nlohmann/json.hpp>

#include <httplib.h>

#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr int kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxScanRequestBytes = 64 << 10;

// invalid_input 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, too_large 413,
// unavailable 503, cancelled/deadline_exceeded 504, internal 500.
int HttpStatus(ErrorCode code);

// {"error": {"code": "...", "message": "..."}} with the mapped status.
void SendError(httplib::Response& res, const Error& error);
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message);
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

// Parses a request body as JSON; deeper nesting than kMaxJsonDepth or malformed text is kInvalidInput naming
// the problem (and the byte where the parser stopped).
Result<nlohmann::json> ParseBody(std::string_view body);

// "sha256:" + 64 lower-case hex digits: the only image ids the API accepts, so no id is ever a path.
bool IsImageDigest(std::string_view text);
// An advisory id or alias: letters, digits and . _ : - ; 1-128 characters ("CVE-2021-44228", "GHSA-...").
bool IsAdvisoryId(std::string_view text);
// A listing's ?limit= (default 100, at most kMaxPageSize) and ?cursor= (digits only); kInvalidInput otherwise.
Result<std::size_t> PageLimit(const httplib::Request& req);
Result<std::string> PageCursor(const httplib::Request& req);

}  // namespace drydock
