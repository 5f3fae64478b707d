// WWW-Authenticate challenges (RFC 7235) as registries send them, and the token request they lead to.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

struct Challenge {
  std::string scheme;                         // lower case: "basic", "bearer"
  std::map<std::string, std::string> params;  // lower-case names: realm, service, scope, ...
};

// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`.
Result<Challenge> ParseChallenge(std::string_view header);

// The token endpoint's URL for a bearer challenge: realm?service=..&scope=.. (scope defaults to pulling
// `repository`). Only https realms are accepted unless `allow_http`, so a token is not asked for in clear.
Result<std::string> TokenUrl(const Challenge& challenge, const std::string& repository, bool allow_http);

// The token from a token endpoint's JSON answer ("token", else "access_token").
Result<std::string> ParseTokenResponse(std::string_view json);

}  // namespace drydock
