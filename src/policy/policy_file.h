// A --policy FILE: declarative rules an artifact must meet before it may ship. Parsing is pure (bytes plus
// the file's name, for "FILE:LINE: ..." errors); evaluate.h turns a parsed file and a finished report into a
// verdict.
//
//   rules:
//     - id: no-ssh                 # every rule: id, severity, message, and exactly one check key
//       severity: HIGH
//       message: SSH must not be exposed
//       forbidden_ports: ["22/tcp"]
//       action: deny               # optional: deny (default) fails the verdict; warn only reports
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/policy.h"

namespace drydock {

inline constexpr std::size_t kMaxPolicyRules = 1000;
inline constexpr std::size_t kMaxPolicyListItems = 10000;  // globs, labels, advisories in one rule

// What a check key's value looks like in YAML; the parser validates it, the evaluator trusts it.
enum class PolicyValue {
  kGlobs,    // list of fnmatch patterns: registries, repositories, check ids
  kStrings,  // list of plain strings: labels, ports, advisory ids
  kDistros,  // list of "FAMILY [>= VERSION]", or globs over the identified base "REGISTRY/REPO:TAG"
  kTrue,     // the literal `true`: the rule is on
  kDays,     // non-negative integer
  kAge,      // "30d", "6w" or a whole number of days
  kCounts,   // mapping SEVERITY -> non-negative integer
  kScore,    // number 0.0-10.0
  kSignatureTrust,  // mapping: keys, keyless, trusted_root, notation (drydock/policy.h SignatureTrustSpec)
};

// One row per check key. `needs_*` say which scanners must run for the rule to see anything (the CLI turns
// them on); only threshold rules take `only_with_fix`, `only_kev`, `min_epss` and `exceptions` (denied
// advisories always fail).
struct PolicyRuleKind {
  std::string_view key;
  PolicyValue value;
  bool needs_vulns = false;
  bool takes_exceptions = false;
  bool needs_secrets = false;
  bool needs_config = false;
};
std::span<const PolicyRuleKind> PolicyRuleKinds();
const PolicyRuleKind* FindPolicyRuleKind(std::string_view key);  // nullptr when unknown

// "debian >= 12": family and minimum version (empty = any version).
struct DistroMinimum {
  std::string family;
  std::string min_version;
};

// A vulnerability the rule tolerates until `expires` (YYYY-MM-DD; empty = never).
struct PolicyException {
  std::string id;  // advisory id or alias
  std::string expires;
  std::string reason;
  std::string where;  // FILE:LINE
};

struct PolicyRule {
  std::string id;
  std::string severity;  // CRITICAL, HIGH, MEDIUM, LOW
  std::string message;
  std::string action = "deny";  // or "warn"
  std::string kind;             // the check key (a PolicyRuleKinds() row)
  std::string where;            // FILE:LINE of the rule
  // The check key's value; only the member its PolicyValue names is set.
  std::vector<std::string> items;           // kGlobs, kStrings; kDistros: the base-image globs
  std::vector<DistroMinimum> distros;       // kDistros
  long long days = 0;                       // kDays, kAge
  std::map<std::string, long long> counts;  // kCounts, by upper-case severity
  double score = 0;                         // kScore
  std::optional<SignatureTrustSpec> trust;  // kSignatureTrust
  // Vulnerability rules only.
  bool only_with_fix = false;  // count only findings that have a fixed version
  bool only_kev = false;       // count only findings in CISA's KEV catalog
  std::optional<double> min_epss;  // count only findings whose EPSS probability is at least this (0..1)
  std::vector<PolicyException> exceptions;
};

struct PolicyFile {
  std::string file;               // as the user named it
  std::vector<PolicyRule> rules;  // file order; ids are unique

  bool NeedsVulns() const;
  bool NeedsSecrets() const;
  bool NeedsConfig() const;
};

// Parses the YAML text of a policy file named `file`. Malformed YAML, unknown keys, a rule with no or two
// check keys, bad globs, dates and severities are Errors naming FILE:LINE.
Result<PolicyFile> ParsePolicyFile(std::string_view text, std::string_view file);
// Reads and parses `path`; an unreadable file is an Error naming it.
Result<PolicyFile> LoadPolicyFile(const std::string& path);

// True for a pattern fnmatch(3) can use as meant: non-empty, brackets closed, no trailing backslash.
bool ValidGlob(std::string_view pattern);
// True for a real calendar date written YYYY-MM-DD.
bool ValidPolicyDate(std::string_view date);

}  // namespace drydock
