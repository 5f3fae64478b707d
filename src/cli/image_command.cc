// drydock image TARGET: scan, write the report, pick the exit code.
#include <fmt/core.h>

#include <filesystem>
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
  app.add_option("--sbom-source", flags->sbom_source,
                 "oci: scan the image's signed SBOM attestation instead of its layers (needs trust, as --vex oci)")
      ->check(CLI::IsMember({"oci"}));
  return [flags] {
    if (auto refused = CheckSignaturesBeforeScan(*flags)) return *refused;
    if (auto failed = LoadImageAttestations(*flags)) return *failed;
    // The verified statements live in a private temporary directory only for the scan's duration.
    struct Cleanup {
      std::string dir;
      ~Cleanup() {
        std::error_code ec;
        if (!dir.empty()) std::filesystem::remove_all(dir, ec);
      }
    } cleanup{flags->attestation_dir};
    return RunScan(*flags, [&flags = *flags](const ScanOptions& options) -> Result<ScanReport> {
      Result<ScanReport> report;
      if (flags.sbom_file.empty()) {
        report = ScanImage(options);
      } else {
        ScanOptions sbom = options;
        sbom.target = flags.sbom_file;
        report = ScanSbom(sbom);
        if (report) report->artifact.name = options.target;
      }
      if (report) report->attestations = flags.attestations;
      return report;
    });
  };
}

}  // namespace drydock
