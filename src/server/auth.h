// API tokens: random, shown once, stored as SHA-256 hex; each carries scopes.
#pragma once

#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// What a route needs. admin implies scan and read; scan implies read.
enum class Scope { kRead, kScan, kAdmin };

inline constexpr std::string_view kTokenPrefix = "ddk_";

std::string NewApiToken();                      // "ddk_" + 64 hex digits from the OS's CSPRNG
std::string HashApiToken(std::string_view token);  // hex SHA-256
// "read,scan" -> validated, normalised ("read,scan"); an unknown or empty scope is kInvalidInput.
Result<std::string> NormaliseScopes(std::string_view scopes);
bool ScopesAllow(std::string_view scopes, Scope needed);
// The token of an "Authorization: Bearer T" header; "" when the header is missing or not a bearer.
std::string_view BearerToken(std::string_view authorization);

}  // namespace drydock
