// include/drydock/policy.h over the policy file parser and the evaluator table.
#include "drydock/policy.h"

#include <algorithm>

#include "common/today.h"
#include "policy/evaluate.h"
#include "policy/policy_file.h"

namespace drydock {
namespace {

Result<PolicyRules> Shared(Result<PolicyFile> parsed) {
  if (!parsed) return std::unexpected(parsed.error());
  return std::make_shared<const PolicyFile>(std::move(*parsed));
}

}  // namespace

Result<PolicyRules> LoadPolicyRules(const std::string& path) { return Shared(LoadPolicyFile(path)); }

Result<PolicyRules> ParsePolicyRules(std::string_view text, std::string_view name) {
  auto parsed = ParsePolicyFile(text, name);
  if (!parsed) return FailWith(ErrorCode::kInvalidInput, "{}", parsed.error().message);
  return Shared(std::move(parsed));
}

PolicyNeeds NeedsOf(const PolicyFile& rules) {
  bool signature = std::any_of(rules.rules.begin(), rules.rules.end(), [](const PolicyRule& rule) {
    return rule.kind == "require_signature" || rule.kind == "signatures";
  });
  std::optional<SignatureTrustSpec> trust;
  for (const PolicyRule& rule : rules.rules) {
    if (rule.trust) {
      trust = rule.trust;
      break;
    }
  }
  return {.file = rules.file, .vulns = rules.NeedsVulns(), .secrets = rules.NeedsSecrets(), .config = rules.NeedsConfig(),
          .signature = signature, .signature_trust = std::move(trust)};
}

PolicyVerdict JudgePolicy(const PolicyFile& rules, const ScanReport& report, std::chrono::system_clock::time_point now,
                          bool vulnerabilities_matched, const SignatureEvidence& signature) {
  return EvaluatePolicy(rules, report,
                        {.today = DateUtc(now), .vulnerabilities_matched = vulnerabilities_matched, .signature = signature});
}

}  // namespace drydock
