// Flags and the run step every scanning subcommand shares (image, rootfs, later fs and sbom), so a flag means
// the same thing, and is spelled the same way, on each of them.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "drydock/error.h"
#include "drydock/options.h"
#include "drydock/report.h"
#include "drydock/policy.h"

namespace drydock {

struct ScanFlags {
  ScanOptions options;  // options.target is registered by each subcommand, with its own help text
  std::string db;
  std::string format = "table";
  std::string output;
  std::string severity;
  std::string severity_source;  // --severity-source, comma-separated (match/severity.h)
  std::string scanners = "vuln";  // comma list of vuln, secret, config
  int exit_code = 0;
  bool skip_db = false;
  bool list_all_pkgs = false;
  bool quiet = false;
  bool sbom_only = false;  // cyclonedx: components only, no vulnerabilities
  bool show_suppressed = false;
  std::string ignore_status;  // comma-separated
  std::string db_max_age = "7d";
  std::string cache_max_size = "2G";  // kDefaultCacheMaxBytes
  std::string policy;  // --policy FILE: rules evaluated on the finished report (policy/policy_file.h)
  std::string server;  // --server URL: also send the inventory (CycloneDX, no layer bytes) to a drydock server
  std::string token;   // --token T (else $DRYDOCK_TOKEN): an API token with the scan scope
  std::vector<std::string> verify_keys;  // image --verify-key: signatures checked before the scan
  SignatureEvidence signature;           // what they showed, for the policy's require_signature
  std::string sbom_source;               // image --sbom-source: "" (the image's layers) or "oci" (an attestation)
  std::vector<AttestationUse> attestations;  // --vex oci / --sbom-source oci: what was found and used
  std::string attestation_dir;           // temporary files holding the verified statements' predicates
  std::string sbom_file;                 // --sbom-source oci: the verified SBOM predicate to scan instead
};

// Registers every shared flag on `app`, writing into `flags` (which must outlive parsing).
void AddScanFlags(CLI::App& app, ScanFlags& flags);

using ScanFunction = std::function<Result<ScanReport>(const ScanOptions&)>;

// Completes the options from the flags, runs `scan`, writes the report, and returns the exit code.
int RunScan(ScanFlags& flags, const ScanFunction& scan);

// --server: posts the report's inventory (CycloneDX, without findings) to the server's /api/v1/sboms.
Status SendInventory(const ScanFlags& flags, const ScanReport& report);

}  // namespace drydock
