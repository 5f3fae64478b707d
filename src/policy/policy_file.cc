// Policy file YAML -> PolicyFile. Strict on purpose: a misspelt key in a release gate must be an error, not a
// rule that silently checks nothing.
#include "policy/policy_file.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/file.h"
#include "common/severity.h"
#include "policy/policy.h"
#include "policy/policy_yaml.h"

namespace drydock {
namespace {

constexpr std::string_view kRuleKeys[] = {"id",         "severity", "message",  "action",
                                          "only_with_fix", "only_kev", "min_epss", "exceptions"};

}  // namespace

std::string UpperCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool IsPolicySeverity(std::string_view word) {
  return IsRatedSeverity(word);
}

Result<PolicyRule> PolicyYaml::Rule(const YAML::Node& node) const {
  if (!node.IsMap()) return Fail("{}: each rule must be a mapping with id, severity, message", At(node));
  PolicyRule rule{.where = At(node)};
  const PolicyRuleKind* kind = nullptr;
  for (const auto& field : node) {
    std::string key = field.first.Scalar();
    if (const PolicyRuleKind* k = FindPolicyRuleKind(key)) {
      if (kind != nullptr)
        return Fail("{}: rule has two checks, `{}` and `{}`: one per rule", At(field.first), kind->key, key);
      kind = k;
      rule.kind = key;
      continue;
    }
    if (std::find(std::begin(kRuleKeys), std::end(kRuleKeys), key) == std::end(kRuleKeys)) {
      return Fail("{}: unknown key \"{}\" in a rule (see README \"Policy files\" for the keys)",
                  At(field.first), key);
    }
  }
  if (kind == nullptr) return Fail("{}: rule has no check key (e.g. no_root, max_vulnerabilities)", At(node));
  for (auto [key, target] :
       {std::pair{"id", &rule.id}, {"severity", &rule.severity}, {"message", &rule.message}}) {
    if (!node[key]) return Fail("{}: rule without `{}`", At(node), key);
    auto text = Scalar(node[key], key);
    if (!text) return std::unexpected(text.error());
    *target = *text;
  }
  rule.severity = UpperCase(rule.severity);
  if (!IsPolicySeverity(rule.severity))
    return Fail("{}: severity \"{}\" is not CRITICAL, HIGH, MEDIUM or LOW", At(node["severity"]),
                node["severity"].Scalar());
  if (node["action"]) {
    rule.action = node["action"].IsScalar() ? node["action"].Scalar() : "";
    if (rule.action != "deny" && rule.action != "warn")
      return Fail("{}: action must be deny or warn", At(node["action"]));
  }
  if (!kind->takes_exceptions &&
      (node["only_with_fix"] || node["only_kev"] || node["min_epss"] || node["exceptions"])) {
    return Fail("{}: only_with_fix, only_kev, min_epss and exceptions apply to max_vulnerabilities and max_cvss, "
                "not `{}`", At(node), kind->key);
  }
  for (auto [key, target] : {std::pair{"only_with_fix", &rule.only_with_fix}, {"only_kev", &rule.only_kev}}) {
    if (node[key] && !YAML::convert<bool>::decode(node[key], *target)) {
      return Fail("{}: {} must be true or false", At(node[key]), key);
    }
  }
  if (node["min_epss"]) {
    double epss = -1;
    if (!YAML::convert<double>::decode(node["min_epss"], epss) || !(epss >= 0 && epss <= 1)) {
      return Fail("{}: min_epss must be a probability from 0 to 1 (0.1 = 10%)", At(node["min_epss"]));
    }
    rule.min_epss = epss;
  }
  if (node["exceptions"]) {
    auto exceptions = Exceptions(node["exceptions"]);
    if (!exceptions) return std::unexpected(exceptions.error());
    rule.exceptions = std::move(*exceptions);
  }
  if (auto value = Value(*kind, node[rule.kind], rule); !value) return std::unexpected(value.error());
  return rule;
}

Result<PolicyFile> ParsePolicyFile(std::string_view text, std::string_view file) {
  if (text.size() > kMaxPolicyFileBytes) return Fail("{}: over the {}-byte limit", file, kMaxPolicyFileBytes);
  PolicyYaml parser(file);
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    if (!doc.IsMap() || !doc["rules"]) {
      return Fail("{}:{}: expected a mapping with `rules:`", file, std::max(doc.Mark().line, 0) + 1);
    }
    for (const auto& field : doc) {
      std::string key = field.first.Scalar();
      if (key != "rules" && key != "name")
        return Fail("{}: unknown top-level key \"{}\" (rules, name)", parser.At(field.first), key);
    }
    YAML::Node rules = doc["rules"];
    if (!rules.IsSequence()) return Fail("{}: `rules` must be a list", parser.At(rules));
    if (rules.size() > kMaxPolicyRules)
      return Fail("{}: more than {} rules", parser.At(rules), kMaxPolicyRules);
    PolicyFile policy{.file = std::string(file)};
    std::set<std::string> ids;
    for (const YAML::Node& node : rules) {
      auto rule = parser.Rule(node);
      if (!rule) return std::unexpected(rule.error());
      if (!ids.insert(rule->id).second) return Fail("{}: duplicate rule id \"{}\"", rule->where, rule->id);
      policy.rules.push_back(std::move(*rule));
    }
    return policy;
  } catch (const YAML::Exception& e) {
    return Fail("{}:{}: {}", file, e.mark.line + 1, e.msg);
  }
}

Result<PolicyFile> LoadPolicyFile(const std::string& path) {
  auto text = ReadFileBounded(path, kMaxPolicyFileBytes);
  if (!text) return Rewrap(text.error(), "policy file {}", path);
  return ParsePolicyFile(*text, path);
}

}  // namespace drydock
