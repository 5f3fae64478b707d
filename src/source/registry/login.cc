// drydock registry login: verify, then remember, as docker login does.
#include "source/registry/credentials.h"
#include "source/registry/registry_client.h"
#include "source/registry/registry_image.h"

namespace drydock {

Status LoginRegistry(const std::string& registry, const RegistryOptions& options) {
  if (options.username.empty()) return Fail("registry login needs --username");
  // Any repository name will do: Connect authenticates against /v2/ itself, before naming one.
  auto ref = ParseReference(registry + "/drydock/login-check");
  if (!ref) return Fail("\"{}\" is not a registry host[:port]", registry);
  auto client = RegistryClient::Connect(*ref, options);
  if (!client) return Rewrap(client.error(), "login to {}", registry);
  return StoreCredentials(options.docker_config, ref->registry, Credentials{options.username, options.password});
}

}  // namespace drydock
