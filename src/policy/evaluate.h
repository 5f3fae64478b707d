// Policy rules against a finished report -> a verdict. Pure: every input is an argument, so each evaluator is
// tested with a hand-made ScanReport. The evaluators are an explicit table keyed by check key
// (policy_file.h).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/policy.h"
#include "drydock/report.h"
#include "policy/policy_file.h"

namespace drydock {

// What the report alone cannot say.
struct PolicyContext {
  std::string today;  // YYYY-MM-DD: image age and exception expiry
  // False when the scan matched no vulnerabilities at all (--skip-db): vulnerability rules then fail, because
  // a release gate must not pass an image whose vulnerabilities nobody looked at.
  bool vulnerabilities_matched = true;
  SignatureEvidence signature;
};

struct RuleOutcome {
  bool passed = true;
  std::vector<std::string> evidence;
};

using RuleEvaluator = RuleOutcome (*)(const PolicyRule& rule, const ScanReport& report,
                                      const PolicyContext& context);

struct PolicyEvaluator {
  std::string_view kind;  // a PolicyRuleKinds() key
  RuleEvaluator evaluate;
};

// One row for every PolicyRuleKinds() key.
std::span<const PolicyEvaluator> PolicyEvaluators();

// Every rule of `policy`, in file order; the verdict fails when any rule with action "deny" fails.
PolicyVerdict EvaluatePolicy(const PolicyFile& policy, const ScanReport& report,
                             const PolicyContext& context);

// The evaluator rows, grouped by what they read (evaluate_image.cc, evaluate_config.cc, evaluate_vulns.cc).
RuleOutcome EvaluateAllowedRegistries(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateDeniedRegistries(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateAllowedRepositories(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateDeniedRepositories(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateAllowedBaseImages(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateNoEndOfLife(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateMaxAgeDays(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateMaxBaseAge(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateRequireSignature(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateNoRoot(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateRequiredLabels(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateForbiddenPorts(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateNoSecrets(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateDeniedChecks(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateMaxVulnerabilities(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateMaxCvss(const PolicyRule&, const ScanReport&, const PolicyContext&);
RuleOutcome EvaluateDeniedAdvisories(const PolicyRule&, const ScanReport&, const PolicyContext&);

// Shared by the evaluator files.
bool IsImage(const ScanReport& report);  // artifact type container_image: has a config and a name to check
// A passing outcome saying the rule cannot apply: "not applicable: an SBOM has no image config".
RuleOutcome NotApplicable(const ScanReport& report, std::string_view what);
// The first of `globs` that fnmatch(3) matches against `text` (no FNM_PATHNAME: `*` crosses '/'), or nullptr.
const std::string* FirstMatch(const std::vector<std::string>& globs, const std::string& text);
// Days since 1970-01-01 of a date that starts "YYYY-MM-DD" (checked by the caller with ValidPolicyDate).
long long DaysFromCivil(std::string_view date);

// "docker.io/library/debian:12" -> {"docker.io", "library/debian"}; Docker Hub's defaults applied to short
// names ("debian" -> docker.io/library/debian). Empty registry when `name` is not an image reference (a file
// path, or upper case in the repository path, which no image runtime pulls either).
// The registry is the host as the pulling side knows it: lower-cased ("EVIL.IO" is evil.io to DNS, TLS and
// containerd) and without ":443" (HTTPS's own port). Any other port is kept: it is another service.
struct ImageReference {
  std::string registry;    // "ghcr.io", "registry.local:5000"
  std::string repository;  // "org/app"
  std::string host;        // the registry without any port: "registry.local"
};
ImageReference ParseImageReference(std::string_view name);

// Dotted numeric comparison for distro versions: "3.19.1" >= "3.19", "12" >= "12".
int CompareDistroVersions(std::string_view a, std::string_view b);

}  // namespace drydock
