// Runs a docker credential helper (`docker-credential-NAME get`), the protocol docker-credential-helpers
// defines: the server URL on stdin, {"ServerURL","Username","Secret"} JSON on stdout.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::chrono::seconds kCredentialHelperTimeout{30};

struct HelperCredentials {
  std::string username;
  std::string password;
};

// nullopt when the helper says it has no credentials for `server`. An error when the program is missing,
// fails otherwise, hangs past kCredentialHelperTimeout or answers something that is not the protocol's
// JSON. Error messages never contain the helper's stdout (it may hold a secret).
Result<std::optional<HelperCredentials>> RunCredentialHelper(const std::string& name, const std::string& server);

}  // namespace drydock
