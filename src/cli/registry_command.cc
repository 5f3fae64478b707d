// drydock registry login HOST: check credentials against the registry and keep them in docker's config.json,
// where `drydock image` (and docker, skopeo, trivy) find them.
#include <fmt/core.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "drydock/options.h"
#include "drydock/registry.h"

namespace drydock {
namespace {

struct LoginFlags {
  std::string registry;
  RegistryOptions options;
  bool password_stdin = false;
};

}  // namespace

CommandRunner AddRegistryLoginCommand(CLI::App& app) {
  auto flags = std::make_shared<LoginFlags>();
  app.add_option("registry", flags->registry, "HOST[:PORT] (docker.io for Docker Hub)")->required();
  app.add_option("-u,--username", flags->options.username, "User name")->required();
  app.add_option("-p,--password", flags->options.password, "Password or token (prefer --password-stdin)");
  app.add_flag("--password-stdin", flags->password_stdin, "Read the password from the first line of stdin");
  app.add_flag("--insecure", flags->options.insecure, "Allow plain HTTP and unverified TLS");
  app.add_option("--ca-cert", flags->options.ca_cert, "PEM CA bundle to trust instead of the system store");
  return [flags] {
    if (flags->password_stdin) std::getline(std::cin, flags->options.password);
    flags->options.docker_config = DockerConfigPath();
    if (flags->options.password.empty()) {
      fmt::print(stderr, "drydock: registry login needs --password or --password-stdin\n");
      return kExitUsage;
    }
    if (auto done = LoginRegistry(flags->registry, flags->options); !done) {
      fmt::print(stderr, "drydock: {}\n", done.error().message);
      return kExitError;
    }
    fmt::print(stderr, "drydock: login to {} succeeded; credentials stored\n", flags->registry);
    return kExitOk;
  };
}

}  // namespace drydock
