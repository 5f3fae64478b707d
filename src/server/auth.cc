#include "server/auth.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <set>

#include "common/sha256.h"
#include "common/text.h"

namespace drydock {
namespace {

constexpr std::string_view kScopeNames[] = {"read", "scan", "admin"};

}  // namespace

std::string NewApiToken() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return "";
  std::string token(kTokenPrefix);
  for (unsigned char b : bytes) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  return token;
}

std::string HashApiToken(std::string_view token) { return Sha256::HexOf(token); }

Result<std::string> NormaliseScopes(std::string_view scopes) {
  std::set<std::string_view> seen;
  for (std::size_t start = 0; start <= scopes.size();) {
    std::size_t comma = std::min(scopes.find(',', start), scopes.size());
    std::string_view scope = Trim(scopes.substr(start, comma - start));
    start = comma + 1;
    if (scope.empty()) continue;
    if (std::find(std::begin(kScopeNames), std::end(kScopeNames), scope) == std::end(kScopeNames)) {
      return FailWith(ErrorCode::kInvalidInput, "unknown scope \"{}\" (read, scan, admin)", scope);
    }
    seen.insert(scope);
  }
  if (seen.empty()) return FailWith(ErrorCode::kInvalidInput, "a token needs a scope (read, scan, admin)");
  std::string out;
  for (std::string_view name : kScopeNames) {
    if (seen.contains(name)) out += (out.empty() ? "" : ",") + std::string(name);
  }
  return out;
}

bool ScopesAllow(std::string_view scopes, Scope needed) {
  auto has = [&](std::string_view name) {
    for (std::size_t start = 0; start <= scopes.size();) {
      std::size_t comma = std::min(scopes.find(',', start), scopes.size());
      if (scopes.substr(start, comma - start) == name) return true;
      start = comma + 1;
    }
    return false;
  };
  if (has("admin")) return true;
  if (needed == Scope::kAdmin) return false;
  if (has("scan")) return true;
  return needed == Scope::kRead && has("read");
}

std::string_view BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (!authorization.starts_with(kBearer)) return "";
  return Trim(authorization.substr(kBearer.size()));
}

}  // namespace drydock
