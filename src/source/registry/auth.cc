// Challenge parsing and the docker token protocol (distribution's docs/spec/auth/token.md).
#include "source/registry/auth.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "common/bounded_json.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxTokenBytes = 64 << 10;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// RFC 3986 unreserved characters pass; everything else is %XX.
std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

Result<Challenge> ParseChallenge(std::string_view header) {
  Challenge out;
  std::size_t space = header.find(' ');
  out.scheme = Lower(header.substr(0, space));
  if (out.scheme.empty()) return Fail("empty WWW-Authenticate challenge");
  std::string_view rest = space == header.npos ? std::string_view() : header.substr(space + 1);
  while (!rest.empty()) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ',')) rest.remove_prefix(1);
    if (rest.empty()) break;
    std::size_t eq = rest.find('=');
    if (eq == rest.npos) return Fail("WWW-Authenticate: parameter without a value in \"{}\"", header);
    std::string name = Lower(rest.substr(0, eq));
    rest.remove_prefix(eq + 1);
    std::string value;
    if (rest.starts_with('"')) {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value += rest[i];
      }
      if (i == rest.size()) return Fail("WWW-Authenticate: unterminated quote in \"{}\"", header);
      rest.remove_prefix(i + 1);
    } else {
      std::size_t comma = std::min(rest.find(','), rest.size());
      value = std::string(rest.substr(0, comma));
      rest.remove_prefix(comma);
    }
    out.params[name] = value;
  }
  return out;
}

Result<std::string> TokenUrl(const Challenge& challenge, const std::string& repository, bool allow_http) {
  auto realm = challenge.params.find("realm");
  if (realm == challenge.params.end() || realm->second.empty()) return Fail("bearer challenge names no realm");
  if (!realm->second.starts_with("https://") && !(allow_http && realm->second.starts_with("http://"))) {
    return Fail("token realm \"{}\" is not https (use --insecure to allow it)", realm->second);
  }
  std::string url = realm->second + (realm->second.find('?') == std::string::npos ? "?" : "&");
  if (auto service = challenge.params.find("service"); service != challenge.params.end()) {
    url += "service=" + PercentEncode(service->second) + "&";
  }
  auto scope = challenge.params.find("scope");
  url += "scope=" + PercentEncode(scope != challenge.params.end() ? scope->second : "repository:" + repository + ":pull");
  return url;
}

Result<std::string> ParseTokenResponse(std::string_view json) {
  if (json.size() > kMaxTokenBytes) return Fail("token response larger than {} bytes", kMaxTokenBytes);
  auto doc = ParseBoundedJson(json, "token response", kMaxTokenBytes);
  if (!doc) return std::unexpected(doc.error());
  const nlohmann::json& parsed = *doc;
  if (!parsed.is_object()) return Fail("token response is not a JSON object");
  for (const char* key : {"token", "access_token"}) {
    if (auto it = parsed.find(key); it != parsed.end() && it->is_string() && !it->get<std::string>().empty()) {
      return it->get<std::string>();
    }
  }
  return Fail("token response has no token");
}

}  // namespace drydock
