// Bounded request bodies: the pre-routing gate and the POST routes that read through httplib's content reader.
#include <charconv>

#include "server/http_util.h"

namespace drydock {
namespace {

void Refuse(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  SendError(res, status, code, message);
  // The unread rest of the body must not be parsed as the next request on this connection.
  res.set_header("Connection", "close");
}

// The methods whose bodies httplib reads (PRI included: it reads one for that too).
bool HasBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

}  // namespace

void BodyRoutes::Post(httplib::Server& server, const std::string& pattern, Handler handler, BodyLimit limit) {
  if (limit.max_bytes == 0) limit.max_bytes = default_max_bytes_;
  routes_.emplace_back(std::regex(pattern), limit);
  server.Post(pattern, [handler = std::move(handler), limit](const httplib::Request& req, httplib::Response& res,
                                                             const httplib::ContentReader& reader) {
    std::string body;
    bool too_large = false;
    const bool read = reader([&](const char* data, std::size_t size) {
      if (size > limit.max_bytes - body.size()) {
        too_large = true;
        return false;  // stop reading: nothing past the limit is buffered
      }
      body.append(data, size);
      return true;
    });
    if (too_large) {
      return Refuse(res, limit.too_large_status, limit.too_large_status == 413 ? "too_large" : "invalid_input",
                    fmt::format("the request body is over the limit of {} bytes", limit.max_bytes));
    }
    if (!read) return Refuse(res, 400, "invalid_input", "the request body could not be read (truncated or malformed)");
    handler(req, body, res);
  });
}

std::optional<BodyLimit> BodyRoutes::For(const std::string& method, const std::string& path) const {
  if (method != "POST") return std::nullopt;
  for (const auto& [pattern, limit] : routes_) {
    if (std::regex_match(path, pattern)) return limit;
  }
  return std::nullopt;
}

httplib::Server::HandlerResponse GateBody(const BodyRoutes& routes, const httplib::Request& req, httplib::Response& res) {
  using R = httplib::Server::HandlerResponse;
  if (!HasBody(req.method)) return R::Unhandled;
  const std::optional<BodyLimit> route = routes.For(req.method, req.path);
  const BodyLimit limit = route.value_or(BodyLimit{.max_bytes = routes.default_max_bytes()});
  if (req.has_header("Content-Length")) {
    const std::string text = req.get_header_value("Content-Length");
    std::uint64_t length = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (error != std::errc() || end != text.data() + text.size()) {
      Refuse(res, 400, "invalid_input", "Content-Length is not a number");
      return R::Handled;
    }
    if (length > limit.max_bytes) {
      Refuse(res, limit.too_large_status, limit.too_large_status == 413 ? "too_large" : "invalid_input",
             fmt::format("a body of {} bytes is over the limit of {} bytes", length, limit.max_bytes));
      return R::Handled;
    }
  }
  if (route) return R::Unhandled;  // read through the bounded content reader, whatever its encoding
  if (req.has_header("Transfer-Encoding")) {
    Refuse(res, 411, "length_required", "this route takes a body only with a Content-Length");
    return R::Handled;
  }
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    Refuse(res, 415, "unsupported_media_type", fmt::format("Content-Encoding {} is not accepted here", encoding));
    return R::Handled;
  }
  return R::Unhandled;
}

}  // namespace drydock
