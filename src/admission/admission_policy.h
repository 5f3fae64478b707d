// The admission policy file (`drydock server --admission-policy FILE`): what the webhook enforces beyond the
// policy rules themselves. Parsing is pure (text and the file's name in, values out); the server loads the
// files it names (rules, keys, trusted root).
//
//   policy: release.yaml          # policy rules (README "Policy files") judged on each image's stored scan
//   unknown_images: deny          # deny | warn: an image drydock has not scanned yet (a scan is queued either way)
//   mode: enforce                 # enforce | warn: every denial becomes a warning (roll-out before enforcing)
//   exclude_namespaces: [kube-system, security]
//   signatures:                   # an image must carry a valid cosign signature under one of these
//     keys: [cosign.pub]
//     keyless: [{identity: "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main",
//                issuer: "https://token.actions.githubusercontent.com"}]   # identity_regexp / issuer_regexp too
//     trusted_root: trusted_root.json
//   deadline_ms: 3000             # answer before this, well below the webhook's timeoutSeconds
//   cache_seconds: 60             # allowed verdicts, tag -> digest resolutions, signature checks
//   negative_cache_seconds: 5     # denials and unknown images: re-judged soon, so a finished scan counts
//   cluster: default              # the cluster name deployments are recorded under
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock::admission {

inline constexpr std::size_t kMaxAdmissionPolicyBytes = 1 << 20;
inline constexpr std::chrono::milliseconds kMaxDeadline{25000};  // the API server waits 30 s at most

struct KeylessSigner {
  std::string identity;
  bool identity_regexp = false;
  std::string issuer;
  bool issuer_regexp = false;
};

struct AdmissionPolicy {
  std::string file;        // as named
  std::string rules_file;  // `policy:`, relative paths resolved against the file's directory; "" = no rules
  bool unknown_warn = false;  // unknown_images: warn
  bool warn_mode = false;     // mode: warn
  std::vector<std::string> exclude_namespaces = {"kube-system"};
  std::vector<std::string> signature_keys;  // PEM public key files
  std::vector<KeylessSigner> keyless;
  std::string trusted_root;  // Sigstore trusted_root.json; needed for keyless
  std::chrono::milliseconds deadline{3000};
  std::chrono::seconds cache_ttl{60};
  std::chrono::seconds negative_cache_ttl{5};
  std::string cluster = "default";

  bool RequiresSignature() const { return !signature_keys.empty() || !keyless.empty(); }
};

// Errors name FILE:LINE: malformed YAML, unknown keys (a misspelt key must not silently enforce nothing), bad
// enum values, keyless signers without a trusted root, a deadline outside 100 ms..25 s.
Result<AdmissionPolicy> ParseAdmissionPolicy(std::string_view text, std::string_view file);
Result<AdmissionPolicy> LoadAdmissionPolicy(const std::string& path);

}  // namespace drydock::admission
