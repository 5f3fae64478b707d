#include "server/http_util.h"

#include <algorithm>

#include "common/bounded_json.h"
#include "common/text.h"
#include "store/store.h"

namespace drydock {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kCancelled:
    case ErrorCode::kDeadlineExceeded: return 504;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  SendJson(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

void SendError(httplib::Response& res, const Error& error) {
  SendError(res, HttpStatus(error.code), ErrorCodeName(error.code), error.message);
}

Result<nlohmann::json> ParseBody(std::string_view body) {
  // The depth scan of common/bounded_json.h first (it allocates nothing); then every nlohmann exception is an
  // error, not only parse_error: "1e999" throws out_of_range.406, which ended the server (found by libFuzzer on
  // the shared loader).
  if (JsonTooDeep(body, kMaxJsonDepth)) {
    return FailWith(ErrorCode::kInvalidInput, "JSON nested deeper than {} levels", kMaxJsonDepth);
  }
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return FailWith(ErrorCode::kInvalidInput, "malformed JSON body at byte {}: {}", e.byte, e.what());
  } catch (const nlohmann::json::exception& e) {
    return FailWith(ErrorCode::kInvalidInput, "malformed JSON body: {}", e.what());
  }
}

void PreferGzip(httplib::Request& req) {
  auto [first, last] = req.headers.equal_range("Accept-Encoding");
  for (auto it = first; it != last; ++it) {
    // httplib looks for the substring "br" anywhere in the value, so every coding that holds it goes.
    std::string kept;
    for (std::size_t start = 0; start <= it->second.size();) {
      const std::size_t comma = std::min(it->second.find(',', start), it->second.size());
      const std::string_view coding = Trim(std::string_view(it->second).substr(start, comma - start));
      start = comma + 1;
      if (coding.empty() || coding.find("br") != std::string_view::npos) continue;
      kept += (kept.empty() ? "" : ", ") + std::string(coding);
    }
    it->second = std::move(kept);
  }
}

bool IsImageDigest(std::string_view text) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!text.starts_with(kPrefix) || text.size() != kPrefix.size() + 64) return false;
  return text.substr(kPrefix.size()).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool IsAdvisoryId(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
  });
}

Result<std::size_t> PageLimit(const httplib::Request& req) {
  if (!req.has_param("limit")) return std::size_t{100};
  const std::string text = req.get_param_value("limit");
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) {
    return FailWith(ErrorCode::kInvalidInput, "limit \"{}\": expected 1..{}", text.substr(0, 16), kMaxPageSize);
  }
  std::size_t limit = std::stoul(text);
  if (limit == 0 || limit > kMaxPageSize) {
    return FailWith(ErrorCode::kInvalidInput, "limit {}: expected 1..{}", limit, kMaxPageSize);
  }
  return limit;
}

Result<std::string> PageCursor(const httplib::Request& req) {
  if (!req.has_param("cursor")) return std::string();
  std::string cursor = req.get_param_value("cursor");
  if (cursor.size() > 20 || cursor.find_first_not_of("0123456789") != std::string::npos) {
    return FailWith(ErrorCode::kInvalidInput, "cursor \"{}\" was not handed out by this server", cursor.substr(0, 24));
  }
  return cursor;
}

}  // namespace drydock
