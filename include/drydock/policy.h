// Policy files (--policy): YAML rules judged against a finished report, giving a verdict (a release gate).
// Ignore files and VEX documents are not here: they shape the report itself (ScanRequest, ScanOptions).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

struct PolicyFile;  // the parsed rules; opaque to callers

// Immutable once loaded; share it between threads freely.
using PolicyRules = std::shared_ptr<const PolicyFile>;

// Reads and parses the policy file at `path`. Errors name FILE:LINE (malformed YAML, unknown keys, bad globs,
// dates or severities: kInvalidInput) or the file (unreadable: kNotFound / kInvalidInput).
Result<PolicyRules> LoadPolicyRules(const std::string& path);
// The same from text, for callers that hold the policy as data; `name` is used in messages.
Result<PolicyRules> ParsePolicyRules(std::string_view text, std::string_view name);

// A `signatures:` rule's trust: whose signatures count. File paths are as written, made relative to the policy
// file's directory when the policy was read from a file.
//   signatures:
//     keys: [cosign.pub]
//     keyless: [{identity: ..., issuer: ...}]   # identity_regexp / issuer_regexp for patterns
//     trusted_root: trusted_root.json           # Sigstore's: Fulcio CAs, Rekor keys, TSAs
//     notation: {trust_store: DIR, trust_policy: trustpolicy.json}   # or identities: [...] instead of trust_policy
struct KeylessSigner {
  std::string identity;
  bool identity_regex = false;
  std::string issuer;
  bool issuer_regex = false;
};
struct SignatureTrustSpec {
  std::vector<std::string> keys;
  std::vector<KeylessSigner> keyless;
  std::string trusted_root;
  std::string notation_trust_store, notation_trust_policy;
  std::vector<std::string> notation_identities;
};

// Which scanners the rules read: a rule over secrets sees nothing unless the secret scanner ran.
struct PolicyNeeds {
  std::string file;  // the policy file as named
  bool vulns = false;
  bool secrets = false;
  bool config = false;
  bool signature = false;  // a require_signature or signatures rule: a signature check decides it
  // The trust of the first `signatures:` rule (the CLI verifies the image's signatures with it); none without one.
  std::optional<SignatureTrustSpec> signature_trust;
};
PolicyNeeds NeedsOf(const PolicyFile& rules);

// An image's signature checks (drydock verify's, run by the CLI for --verify-key): one line per signature found.
// The policy rule require_signature reads it.
struct SignatureEvidence {
  bool checked = false;   // false: nothing was asked to verify
  bool verified = false;  // at least one signature is valid under the configured trust
  std::vector<std::string> lines;
};

// Judges `report` by every rule, in file order. `now` dates image ages and rule exceptions;
// `vulnerabilities_matched` is false for a packages-only scan, which fails every vulnerability rule (a gate
// must not pass an image whose vulnerabilities nobody looked at).
PolicyVerdict JudgePolicy(const PolicyFile& rules, const ScanReport& report, std::chrono::system_clock::time_point now,
                          bool vulnerabilities_matched, const SignatureEvidence& signature = {});

}  // namespace drydock
