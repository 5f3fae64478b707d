// The result of one scan: what DESIGN.md's JSON report (schema_version 1) serialises.
#pragma once

#include <string>
#include <vector>

#include "drydock/finding.h"
#include "drydock/package.h"

namespace drydock {

inline constexpr int kReportSchemaVersion = 1;

struct LayerInfo {
  std::string digest;      // blob digest as the manifest names it
  std::string diff_id;     // digest of the uncompressed tar
  std::string created_by;  // history entry that made it, when the config says
};

// What the image config says about how the image runs. Env values are never kept: they hold secrets
// (passwords, tokens) that must not reach a report.
struct ImageConfigFacts {
  std::string user;                        // "" means the image runs as root
  std::vector<std::string> env_names;      // names only, in config order
  std::vector<std::string> exposed_ports;  // "8080/tcp", sorted
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;

  bool empty() const {
    return user.empty() && env_names.empty() && exposed_ports.empty() && entrypoint.empty() && cmd.empty();
  }
};

struct Artifact {
  std::string name;
  std::string type;    // "container_image", "rootfs", "filesystem", "sbom"
  std::string digest;  // manifest digest for images
  Distro os;
  std::vector<LayerInfo> layers;
  ImageConfigFacts config;  // empty for artifacts without an image config (rootfs, sbom)
};

// Something that could not be read. A scan reports these instead of silently finding nothing.
struct ScanError {
  std::string stage;  // "source", "layer", "catalog:dpkg", "match", ...
  std::string path;
  std::string message;
};

// A finding a policy hid (ignore file, VEX, --ignore-status), kept so --show-suppressed can say why.
struct SuppressedFinding {
  Finding finding;
  std::string by;             // "ignore file .drydockignore:3", "vex vex.json: statements[0]", "--ignore-status"
  std::string status;         // "ignored", "not_affected", "fixed", "status"
  std::string justification;  // the ignore entry's reason or the VEX justification
};

struct ScanReport {
  Artifact artifact;
  std::vector<Package> packages;   // sorted by ecosystem, name, version
  std::vector<Finding> vulnerabilities;  // sorted by severity (worst first), then id, then package
  std::vector<ScanError> errors;
  std::vector<SuppressedFinding> suppressed;  // filled by the policy; reported only with --show-suppressed
};

}  // namespace drydock
