// The evaluator table, the verdict and the helpers the evaluator files share; the evaluators are in
// evaluate_image.cc, evaluate_config.cc and evaluate_vulns.cc.
#include "policy/evaluate.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "common/image_reference.h"

namespace drydock {
namespace {

// A verdict lists what broke a rule, not every one of 10,000 findings: the rest is in the report proper.
constexpr std::size_t kMaxEvidencePerRule = 50;

}  // namespace

std::span<const PolicyEvaluator> PolicyEvaluators() {
  static constexpr std::array<PolicyEvaluator, 18> kEvaluators = {{
      {"allowed_registries", EvaluateAllowedRegistries},
      {"denied_registries", EvaluateDeniedRegistries},
      {"allowed_repositories", EvaluateAllowedRepositories},
      {"denied_repositories", EvaluateDeniedRepositories},
      {"allowed_base_images", EvaluateAllowedBaseImages},
      {"no_end_of_life", EvaluateNoEndOfLife},
      {"max_age_days", EvaluateMaxAgeDays},
      {"max_base_age", EvaluateMaxBaseAge},
      {"max_vulnerabilities", EvaluateMaxVulnerabilities},
      {"max_cvss", EvaluateMaxCvss},
      {"denied_advisories", EvaluateDeniedAdvisories},
      {"no_root", EvaluateNoRoot},
      {"required_labels", EvaluateRequiredLabels},
      {"forbidden_ports", EvaluateForbiddenPorts},
      {"no_secrets", EvaluateNoSecrets},
      {"denied_checks", EvaluateDeniedChecks},
      {"require_signature", EvaluateRequireSignature},
      {"signatures", EvaluateRequireSignature},
  }};
  return kEvaluators;
}

bool IsImage(const ScanReport& report) { return report.artifact.type == "container_image"; }

RuleOutcome NotApplicable(const ScanReport& report, std::string_view what) {
  const std::string& type = report.artifact.type;
  std::string_view noun = type == "sbom"         ? "an SBOM"
                          : type == "rootfs"     ? "a rootfs"
                          : type == "filesystem" ? "a source tree"
                                                 : "this artifact";
  return {true, {fmt::format("not applicable: {} has no {}", noun, what)}};
}

const std::string* FirstMatch(const std::vector<std::string>& globs, const std::string& text) {
  for (const std::string& glob : globs) {
    if (::fnmatch(glob.c_str(), text.c_str(), 0) == 0) return &glob;
  }
  return nullptr;
}

PolicyVerdict EvaluatePolicy(const PolicyFile& policy, const ScanReport& report,
                             const PolicyContext& context) {
  PolicyVerdict verdict{.file = policy.file};
  for (const PolicyRule& rule : policy.rules) {
    PolicyRuleResult result{
        .id = rule.id, .severity = rule.severity, .message = rule.message, .action = rule.action};
    RuleOutcome outcome{false,
                        {fmt::format("no evaluator for `{}`", rule.kind)}};  // the parser rules this out
    for (const PolicyEvaluator& row : PolicyEvaluators()) {
      if (row.kind == rule.kind) outcome = row.evaluate(rule, report, context);
    }
    if (outcome.evidence.size() > kMaxEvidencePerRule) {
      std::size_t more = outcome.evidence.size() - kMaxEvidencePerRule;
      outcome.evidence.resize(kMaxEvidencePerRule);
      outcome.evidence.push_back(fmt::format("... and {} more (see the report's findings)", more));
    }
    result.passed = outcome.passed;
    result.evidence = std::move(outcome.evidence);
    if (!result.passed && rule.action == "deny") verdict.passed = false;
    verdict.rules.push_back(std::move(result));
  }
  return verdict;
}

namespace {

// The host:port as matched: lower case, and ":443" dropped (see ImageReference).
std::string MatchedRegistry(std::string registry) {
  std::transform(registry.begin(), registry.end(), registry.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (registry.ends_with(":443")) registry.resize(registry.size() - 4);
  return registry;
}

// The registry without its port; a bracketed IPv6 address keeps its colons.
std::string HostOf(const std::string& registry) {
  const std::size_t colon = registry.rfind(':');
  if (colon == std::string::npos || registry.find(']', colon) != std::string::npos) return registry;
  return registry.substr(0, colon);
}

}  // namespace

ImageReference ParseImageReference(std::string_view name) {
  for (std::string_view archive : {".tar", ".tar.gz", ".tgz"}) {
    if (name.ends_with(archive)) return {};  // an archive without RepoTags is named by its path
  }
  auto ref = ParseReference(name);  // the registry client's own grammar: a path or "oci:..." is not one
  if (!ref) return {};
  // Policies name Docker Hub as users write it, not as the client contacts it.
  std::string registry = ref->registry == kDockerHubRegistry ? "docker.io" : MatchedRegistry(ref->registry);
  std::string host = HostOf(registry);
  return {std::move(registry), std::move(ref->repository), std::move(host)};
}

int CompareDistroVersions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    auto take = [](std::string_view& v) {
      std::size_t dot = std::min(v.find('.'), v.size());
      std::string_view part = v.substr(0, dot);
      v.remove_prefix(std::min(dot + 1, v.size()));
      return part;
    };
    std::string_view pa = take(a), pb = take(b);
    auto number = [](std::string_view p) {
      unsigned long long n = 0;
      for (char c : p) n = std::isdigit(static_cast<unsigned char>(c)) ? n * 10 + (c - '0') : n;
      return n;
    };
    if (number(pa) != number(pb)) return number(pa) < number(pb) ? -1 : 1;
    auto digits_only = [](std::string_view p) {
      return std::all_of(p.begin(), p.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    // "3.19" == "3.19.0"; only suffixes ("22.04a") fall back to text, so the order stays total.
    if (digits_only(pa) && digits_only(pb)) continue;
    if (int text = pa.compare(pb); text != 0) return text < 0 ? -1 : 1;
  }
  return 0;
}

}  // namespace drydock
