// What every route shares: errors as JSON with the HTTP status their code maps to, bounded JSON bodies, and
// the checks on identifiers taken from paths and queries.
#pragma once

#include <nlohmann/json.hpp>

#include <httplib.h>

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

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

// Drops brotli ("br") from the request's Accept-Encoding, so a browser's "gzip, deflate, br, zstd" gets gzip.
// httplib 0.11 picks brotli whenever "br" appears and compresses at brotli's maximum quality (11): 480 ms for a
// 143 KB report, where gzip at zlib's default level takes about 2 ms and is barely larger.
void PreferGzip(httplib::Request& req);

// "sha256:" + 64 lower-case hex digits: the only image ids the API accepts, so no id is ever a path.
bool IsImageDigest(std::string_view text);
// An advisory id or alias: letters, digits and . _ : - ; 1-128 characters ("CVE-2021-44228", "GHSA-...").
bool IsAdvisoryId(std::string_view text);
// A listing's ?limit= (default 100, at most kMaxPageSize) and ?cursor= (digits only); kInvalidInput otherwise.
Result<std::size_t> PageLimit(const httplib::Request& req);
Result<std::string> PageCursor(const httplib::Request& req);

// Request bodies, bounded before and while they are read. httplib itself only refuses an over-long
// Content-Length after reading (skipping) the whole announced body, and reads chunked or compressed bodies
// with no bound at all; so every POST route is registered through PostBounded, and GateBody (run before
// routing) refuses what no bounded route could take.
struct BodyLimit {
  std::size_t max_bytes = 0;
  int too_large_status = 413;
};

class BodyRoutes {
 public:
  explicit BodyRoutes(std::size_t default_max_bytes) : default_max_bytes_(default_max_bytes) {}
  // The handler gets the body read through httplib's content reader (chunks decoded and decompressed), at most
  // `limit.max_bytes` (0 = the default); a larger body is answered with limit.too_large_status, unread beyond
  // the limit, and the connection is closed.
  using Handler = std::function<void(const httplib::Request& req, const std::string& body, httplib::Response& res)>;
  void Post(httplib::Server& server, const std::string& pattern, Handler handler, BodyLimit limit = {});
  // The limit of the bounded POST route `path` matches, if any.
  std::optional<BodyLimit> For(const std::string& method, const std::string& path) const;
  std::size_t default_max_bytes() const { return default_max_bytes_; }

 private:
  std::size_t default_max_bytes_;
  std::vector<std::pair<std::regex, BodyLimit>> routes_;
};

// Before routing: a Content-Length over the route's limit (or the default) is refused with 413 (or the route's
// status) without reading a byte of the body; a chunked or compressed body to a route not registered through
// BodyRoutes is refused (411, 415), since nothing would bound it. Handled when it answered.
httplib::Server::HandlerResponse GateBody(const BodyRoutes& routes, const httplib::Request& req, httplib::Response& res);

}  // namespace drydock
