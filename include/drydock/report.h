// The result of one scan: what DESIGN.md's JSON report (schema_version 1) serialises.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/finding.h"
#include "drydock/package.h"
#include "drydock/package_table.h"

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
  std::string created;                        // RFC 3339 from the config's "created"; "" when absent
  std::map<std::string, std::string> labels;  // config.Labels

  bool empty() const {
    return user.empty() && env_names.empty() && exposed_ports.empty() && entrypoint.empty() && cmd.empty() &&
           created.empty() && labels.empty();
  }
};

// One indexed image whose layers the scanned image starts with.
struct BaseImageCandidate {
  std::string name;     // repository, "host/repo"
  std::string tag;
  std::string digest;   // manifest digest
  std::string created;  // the base config's "created"
  bool current = true;  // false: the tag has moved on to a newer digest since (a historical entry)
};

// One rebuild the base-image advice proposes, and what it would change. Findings are keyed by (advisory id,
// package name), so a rebuild that upgrades a package past its fix counts as removing the finding.
struct BaseAdviceOption {
  // "refresh": the same tag now names a newer digest; "update": a newer version of the same flavour family
  // (12.4-slim -> 12.8-slim); "smaller": the same version in a smaller variant (12.4 -> 12.4-slim).
  std::string kind;
  std::string name, tag, digest, created;
  std::map<std::string, std::size_t> findings;  // the candidate base's own findings, by severity
  std::size_t findings_total = 0;
  // Against the findings of the image's base layers: what a rebuild on the candidate removes and adds.
  std::map<std::string, std::size_t> removed, added;
  std::size_t removed_total = 0, added_total = 0;
  std::string os;                // "debian 12", from the candidate's scan
  std::string end_of_life_date;  // the candidate distro's end of security support, when known
  bool end_of_life = false;      // that date has passed
  std::optional<long long> size_delta_bytes;  // candidate minus current base (compressed layers), when both known
  std::string error;  // the candidate could not be scanned: why (then no counts)
};

// Which image the scanned one was built on, and how that was decided.
struct BaseImageInfo {
  std::string name, tag, digest;
  // What decided: "signed-provenance" (a SLSA provenance attestation whose signature verified under the scan's
  // trust), "annotation" (org.opencontainers.image.base.* annotation or label), "provenance" (an unsigned BuildKit
  // SLSA provenance attestation's materials), "index" (the base-image index matched a chain ID), "history" (the
  // base/app boundary guessed from the history).
  std::string source;
  std::string reason;  // why that source decided, in words (who signed, which layers matched, ...)
  std::size_t layers = 0;  // the first `layers` layers are the base's; 0 = unknown
  std::vector<BaseImageCandidate> candidates;  // index matches: every tag holding the same layers
  std::string created;           // the base config's "created", when the index knows the digest
  std::uint64_t size_bytes = 0;  // the base's compressed layers, when the index knows the digest; 0 = unknown
  bool advised = false;          // --base-advice ran (advice may still be empty: nothing newer)
  std::vector<BaseAdviceOption> advice;  // refresh first, then updates newest first, then a smaller variant
};

struct Artifact {
  std::string name;
  std::string type;    // "container_image", "rootfs", "filesystem", "sbom"
  std::string digest;  // manifest digest for images
  Distro os;
  std::string os_end_of_life;  // the release's end-of-security-support date when it has passed, else empty
  std::vector<LayerInfo> layers;
  ImageConfigFacts config;  // empty for artifacts without an image config (rootfs, sbom)
  std::optional<BaseImageInfo> base_image;  // images only, when a base was identified
};

// Something that could not be read. A scan reports these instead of silently finding nothing.
struct ScanError {
  std::string stage;  // "source", "layer", "catalog:dpkg", "match", ...
  std::string path;
  std::string message;
};

// How the catalog error of a scan that read every byte and found no package and no OS begins (busybox, a static
// binary on scratch): nothing was checked, which must not read as "0 vulnerabilities", yet nothing was unread.
inline constexpr std::string_view kNoPackageFound = "no package found";

// A secret found in a layer file, an env value or a history command. Only the masked text is ever kept.
struct SecretFinding {
  std::string rule_id;   // "aws-access-key-id"
  std::string category;  // "AWS"
  std::string severity;
  std::string title;
  std::string source;  // "file", "env", "history"
  std::string path;    // file path in the layer; for env the variable name; for history "history[N]"
  std::size_t line = 0;
  std::string layer_diff_id;  // the layer holding the file ("" for env)
  std::string match;          // masked
  std::string removed_in_layer;  // a later layer that deletes the file: still in the image, just hidden
};

// A configuration check that failed (image config, Dockerfile, Kubernetes manifest).
struct Misconfiguration {
  std::string id;  // "DD-IMG-001"
  std::string severity;
  std::string title;     // the check's one-line doc
  std::string evidence;  // what was seen
  std::string path;      // file, or "" for the image config
  std::size_t line = 0;
  std::string layer_diff_id;
};

// A finding a policy hid (ignore file, VEX, --ignore-status), kept so --show-suppressed can say why.
struct SuppressedFinding {
  Finding finding;
  std::string by;             // "ignore file .drydockignore:3", "vex vex.json: statements[0]", "--ignore-status"
  std::string status;         // "ignored", "not_affected", "fixed", "status"
  std::string justification;  // the ignore entry's reason or the VEX justification
};

// One rule of a --policy file and how the artifact fared against it.
struct PolicyRuleResult {
  std::string id;
  std::string severity;
  std::string message;
  std::string action;  // "deny": a failure fails the verdict; "warn": reported only
  bool passed = true;
  std::vector<std::string> evidence;  // the items that broke the rule, or what was checked when it passed
};

// The outcome of a --policy file evaluated on a finished report.
struct PolicyVerdict {
  std::string file;  // the policy file as the user named it
  bool passed = true;  // false when any "deny" rule failed
  std::vector<PolicyRuleResult> rules;  // every rule, in file order
};

// An in-toto attestation attached to the scanned image (--vex oci, --sbom-source oci) and whether the scan used
// it: only one whose signature verifies under the configured trust is used.
struct AttestationUse {
  std::string source;          // "referrer sha256:... (Sigstore bundle)", "sha256-<hex>.att layer 0"
  std::string predicate_type;  // as the statement claims it
  bool used = false;
  std::string detail;          // the signer and what it was used as, else why it was not used
};

struct ScanReport {
  Artifact artifact;
  PackageTable packages;  // sorted by ecosystem, name, version
  std::vector<Finding> vulnerabilities;  // sorted by severity (worst first), then id, then package
  std::vector<ScanError> errors;
  std::vector<SecretFinding> secrets;              // --scanners secret; sorted by severity, path, line
  std::vector<Misconfiguration> misconfigurations;  // --scanners config; sorted by id
  std::vector<SuppressedFinding> suppressed;  // filled by the policy; reported only with --show-suppressed
  std::optional<PolicyVerdict> policy;        // only with --policy FILE
  std::vector<AttestationUse> attestations;   // only with --vex oci / --sbom-source oci
  // When the report was made, in seconds since the epoch (UTC): the formats that stamp a time (CycloneDX, SPDX,
  // JUnit, HTML) print this one. 0 = the moment of writing. The CLI sets $SOURCE_DATE_EPOCH here.
  std::int64_t created_unix = 0;
};

}  // namespace drydock
