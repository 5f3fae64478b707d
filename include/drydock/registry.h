// Registry credentials a user keeps, as `docker login` keeps them.
#pragma once

#include <string>

#include "drydock/error.h"
#include "drydock/options.h"

namespace drydock {

// `drydock registry login`: checks options' username and password against `registry`'s /v2/ (host[:port]),
// as `docker login` does, then stores them in options.docker_config (mode 0600, atomically) for later pulls.
// Errors: refused credentials (kUnauthorized), an unreachable registry, no docker_config named.
Status LoginRegistry(const std::string& registry, const RegistryOptions& options);

}  // namespace drydock
