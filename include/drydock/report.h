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

struct Artifact {
  std::string name;
  std::string type;    // "container_image", "rootfs", "filesystem", "sbom"
  std::string digest;  // manifest digest for images
  Distro os;
  std::vector<LayerInfo> layers;
};

// Something that could not be read. A scan reports these instead of silently finding nothing.
struct ScanError {
  std::string stage;  // "source", "layer", "catalog:dpkg", "match", ...
  std::string path;
  std::string message;
};

struct ScanReport {
  Artifact artifact;
  std::vector<Package> packages;   // sorted by ecosystem, name, version
  std::vector<Finding> vulnerabilities;  // sorted by severity (worst first), then id, then package
  std::vector<ScanError> errors;
};

}  // namespace drydock
