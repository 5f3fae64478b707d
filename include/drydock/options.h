#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace drydock {

// How to reach an image named by a registry reference. Credentials are never printed, logged or reported.
struct RegistryOptions {
  // Basic auth, or the credentials a bearer-token realm is asked with. Empty: the docker config.json named by
  // docker_config (auths, credHelpers, credsStore) for the registry, else anonymous.
  std::string username, password;
  // A docker config.json to take credentials from when none are given; "" = none. The CLI names its user's
  // ($DOCKER_CONFIG, ~/.docker); a server never does, so it cannot lend its owner's credentials to whoever
  // names an image.
  std::string docker_config;
  std::string platform;            // "os/arch[/variant]" picked from an index; empty = linux/amd64
  std::string ca_cert;             // PEM bundle trusted instead of the system store; empty = system store
  bool insecure = false;           // plain HTTP, or HTTPS without certificate checks
  std::vector<std::string> mirrors;  // host[:port] tried in order before the image's own registry
};

// How far an image scan has got, for a progress line. layers_total grows as the image's layers become known
// (a docker archive compressed as a whole is streamed before its manifest is read), so it may lag behind.
struct ScanProgress {
  std::size_t layers_done = 0;
  std::size_t layers_total = 0;
  std::uint64_t bytes_read = 0;  // layer blob bytes read so far (compressed, as stored)
  bool finished = false;         // the last call: the layers are all read
};
// Called from the scanning threads, one call at a time, at most every few hundred milliseconds.
using ProgressCallback = std::function<void(const ScanProgress&)>;

struct ScanOptions {
  std::string target;                   // "file.tar[.gz]", "oci:DIR[:tag]", "oci:FILE.tar[:tag]"
  std::string db_path;                  // compiled DB; empty = scan packages only
  std::vector<std::string> severities;  // keep only these (upper case); empty = all
  // --severity-source: whose rating a finding takes, in order ("vendor", "ghsa", "nvd", ...; see
  // match/severity.h); empty = the default precedence.
  std::vector<std::string> severity_sources;
  bool ignore_unfixed = false;          // drop findings without a fixed version
  std::size_t max_threads = 0;          // 0 = hardware concurrency
  RegistryOptions registry;             // used when target is a registry reference
  std::uint32_t db_max_age_hours = 0;   // warn when the DB was built longer ago; 0 = never
  bool offline = false;                 // never touch the network for the DB (scans never download it anyway)
  std::string cache_dir;                // layer cache (and compiled secret rules) directory; empty = none
  bool no_cache = false;                // read every layer; neither use nor fill the layer cache
  std::uint64_t cache_max_bytes = 0;    // layer cache bound (LRU eviction); 0 = the default (2 GiB)
  // --scanners: which analyses run. Vulnerability matching also needs db_path.
  bool scan_vulns = true;
  bool scan_secrets = false;  // layer files, env values, history commands
  bool scan_config = false;   // built-in image configuration checks
  std::vector<std::string> ignore_statuses;  // drop findings with these statuses ("affected", "will_not_fix")
  std::string ignore_file;                   // .drydockignore text, or YAML when it ends in .yaml/.yml; "" = none
  std::vector<std::string> vex_files;        // OpenVEX or CycloneDX VEX documents
  // Keep the packages a lockfile marks development-only (Package::dev). Off, as in Trivy: they are left out
  // of the report, matching and the SBOM formats.
  bool include_dev_deps = false;
  ProgressCallback on_progress;              // image scans only; empty = no progress reports
  // Base-image identification (images only): the SQLite base-image index (`drydock base index add`); "" = none,
  // then only annotations/labels and the history rule can tell. With exclude_base, findings in packages from
  // the base image's layers are left out of the report.
  std::string base_index;
  bool exclude_base = false;
  // In-toto statements about the image whose signatures the caller verified (drydock image --verify-key / a
  // policy's `signatures:` rule), with who signed each: a signed SLSA provenance naming the base decides the base
  // before annotations and layer matching.
  struct SignedStatement {
    std::string statement;  // JSON text
    std::string signer;
  };
  std::vector<SignedStatement> signed_attestations;
  // With an identified base and an index: scan the newer digest of the base's tag, newer versions of its flavour
  // family and a smaller variant (pulled from their registries, layer cache and DB shared), and report what a
  // rebuild on each would change (BaseImageInfo::advice).
  bool base_advice = false;
};

}  // namespace drydock
