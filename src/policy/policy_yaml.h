// Reading policy-file YAML nodes, shared by policy_file.cc (the document and each rule) and rule_values.cc
// (each check key's value). Every error names FILE:LINE of the offending node.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "policy/policy_file.h"

namespace drydock {

class PolicyYaml {
 public:
  explicit PolicyYaml(std::string_view file) : file_(file) {}

  std::string At(const YAML::Node& node) const;
  Result<std::string> Scalar(const YAML::Node& node, std::string_view key) const;  // non-empty
  Result<std::vector<std::string>> List(const YAML::Node& node, std::string_view key, bool globs) const;
  Result<long long> Count(const YAML::Node& node, std::string_view key) const;  // >= 0

  // Sets the rule's value for its check key from `node` (rule_values.cc).
  Status Value(const PolicyRuleKind& kind, const YAML::Node& node, PolicyRule& rule) const;
  Result<std::vector<PolicyException>> Exceptions(const YAML::Node& node) const;
  // A `signatures:` mapping (signature_trust_value.cc); relative paths are joined to the policy file's directory.
  Result<SignatureTrustSpec> SignatureTrust(const YAML::Node& node) const;
  Result<PolicyRule> Rule(const YAML::Node& node) const;

 private:
  std::string_view file_;
};

std::string UpperCase(std::string text);
bool IsPolicySeverity(std::string_view word);  // CRITICAL, HIGH, MEDIUM, LOW

}  // namespace drydock
