// drydock image TARGET: scan, write the report, pick the exit code.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "drydock/scan.h"

namespace drydock {

CommandRunner AddImageCommand(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  app.add_option("target", flags->options.target, "IMAGE.tar[.gz] | oci:DIR[:tag] | oci:FILE.tar[:tag] | [HOST[:PORT]/]REPO[:TAG][@DIGEST]")->required();
  AddScanFlags(app, *flags);
  // Registry flags only: image is the one subcommand that pulls.
  RegistryOptions& registry = flags->options.registry;
  app.add_flag("--insecure", registry.insecure, "Registry: allow plain HTTP and unverified TLS");
  app.add_option("--username", registry.username, "Registry: user name (basic auth or token realm)");
  app.add_option("--password", registry.password, "Registry: password or token");
  app.add_option("--platform", registry.platform, "Registry: os/arch[/variant] to pick from an index (default linux/amd64)");
  app.add_option("--ca-cert", registry.ca_cert, "Registry: PEM CA bundle to trust instead of the system store");
  app.add_option("--registry-mirror", registry.mirrors, "Registry: HOST[:PORT] tried before the image's registry (may repeat)");
  app.add_option("--verify-key", flags->verify_keys,
                 "Check the image's cosign signatures with this PEM public key first (may repeat; see drydock verify)")
      ->allow_extra_args(false);
  return [flags] {
    if (auto refused = CheckSignaturesBeforeScan(*flags)) return *refused;
    return RunScan(*flags, ScanImage);
  };
}

}  // namespace drydock
