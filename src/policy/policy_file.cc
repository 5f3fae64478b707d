// Policy file YAML -> PolicyFile. Strict on purpose: a misspelt key in a release gate must be an error, not a
// rule that silently checks nothing.
#include "policy/policy_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "common/file.h"
#include "policy/policy.h"

namespace drydock {
namespace {

constexpr std::string_view kSeverities[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
constexpr std::string_view kRuleKeys[] = {"id", "severity", "message", "action", "only_with_fix", "exceptions"};

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool IsSeverity(std::string_view word) {
  return std::find(std::begin(kSeverities), std::end(kSeverities), word) != std::end(kSeverities);
}

// Each parser reads one node; `at` is "FILE:LINE" of that node, already in every message.
class RuleParser {
 public:
  explicit RuleParser(std::string_view file) : file_(file) {}

  std::string At(const YAML::Node& node) const { return fmt::format("{}:{}", file_, node.Mark().line + 1); }

  Result<std::string> Scalar(const YAML::Node& node, std::string_view key) const {
    if (!node.IsScalar() || node.Scalar().empty()) return Fail("{}: `{}` must be a non-empty string", At(node), key);
    return node.Scalar();
  }

  Result<std::vector<std::string>> List(const YAML::Node& node, std::string_view key, bool globs) const {
    if (!node.IsSequence() || node.size() == 0) return Fail("{}: `{}` must be a non-empty list", At(node), key);
    if (node.size() > kMaxPolicyListItems) return Fail("{}: `{}` has over {} items", At(node), key, kMaxPolicyListItems);
    std::vector<std::string> items;
    for (const YAML::Node& item : node) {
      auto text = Scalar(item, key);
      if (!text) return std::unexpected(text.error());
      if (globs && !ValidGlob(*text)) return Fail("{}: `{}`: bad glob \"{}\" (unclosed [ or trailing \\)", At(item), key, *text);
      items.push_back(*text);
    }
    return items;
  }

  Result<long long> Count(const YAML::Node& node, std::string_view key) const {
    long long n = -1;
    if (!node.IsScalar() || !YAML::convert<long long>::decode(node, n) || n < 0) {
      return Fail("{}: `{}` must be a whole number >= 0", At(node), key);
    }
    return n;
  }

  // Sets the rule's value for its kind from `node`.
  Status Value(const PolicyRuleKind& kind, const YAML::Node& node, PolicyRule& rule) const {
    std::string_view key = kind.key;
    switch (kind.value) {
      case PolicyValue::kGlobs:
      case PolicyValue::kStrings: {
        auto items = List(node, key, kind.value == PolicyValue::kGlobs);
        if (!items) return std::unexpected(items.error());
        rule.items = std::move(*items);
        return {};
      }
      case PolicyValue::kDistros: {
        auto items = List(node, key, false);
        if (!items) return std::unexpected(items.error());
        for (const std::string& item : *items) {
          std::size_t ge = item.find(">=");
          DistroMinimum d{item.substr(0, ge), ge == std::string::npos ? "" : item.substr(ge + 2)};
          auto trim = [](std::string& s) {
            s.erase(0, s.find_first_not_of(' '));
            s.erase(s.find_last_not_of(' ') + 1);
          };
          trim(d.family);
          trim(d.min_version);
          bool ok = !d.family.empty() && d.family.find(' ') == std::string::npos &&
                    (ge == std::string::npos || (!d.min_version.empty() && std::isdigit(d.min_version[0])));
          if (!ok) return Fail("{}: `{}`: \"{}\" is not FAMILY or FAMILY >= VERSION", At(node), key, item);
          rule.distros.push_back(std::move(d));
        }
        return {};
      }
      case PolicyValue::kTrue:
        if (!node.IsScalar() || node.Scalar() != "true") {
          return Fail("{}: `{}` takes `true` (remove the rule to turn it off)", At(node), key);
        }
        return {};
      case PolicyValue::kDays: {
        auto days = Count(node, key);
        if (!days) return std::unexpected(days.error());
        rule.days = *days;
        return {};
      }
      case PolicyValue::kCounts:
        if (!node.IsMap() || node.size() == 0) return Fail("{}: `{}` must map severities to counts", At(node), key);
        for (const auto& entry : node) {
          std::string severity = Upper(entry.first.Scalar());
          if (!IsSeverity(severity) && severity != "UNKNOWN") {
            return Fail("{}: `{}`: unknown severity \"{}\"", At(entry.first), key, entry.first.Scalar());
          }
          auto n = Count(entry.second, key);
          if (!n) return std::unexpected(n.error());
          rule.counts[severity] = *n;
        }
        return {};
      case PolicyValue::kScore:
        if (!node.IsScalar() || !YAML::convert<double>::decode(node, rule.score) || !(rule.score >= 0) ||
            rule.score > 10) {
          return Fail("{}: `{}` must be a CVSS score from 0 to 10", At(node), key);
        }
        return {};
    }
    return {};
  }

  Result<std::vector<PolicyException>> Exceptions(const YAML::Node& node) const {
    if (!node.IsSequence()) return Fail("{}: `exceptions` must be a list", At(node));
    std::vector<PolicyException> out;
    for (const YAML::Node& entry : node) {
      if (!entry.IsMap() || !entry["id"]) return Fail("{}: each exception needs an `id`", At(entry));
      PolicyException e{.where = At(entry)};
      for (const auto& field : entry) {
        std::string key = field.first.Scalar();
        std::string* target = key == "id" ? &e.id : key == "expires" ? &e.expires : key == "reason" ? &e.reason : nullptr;
        if (target == nullptr) return Fail("{}: unknown key \"{}\" in exception (id, expires, reason)", At(field.first), key);
        auto text = Scalar(field.second, key);
        if (!text) return std::unexpected(text.error());
        *target = *text;
      }
      if (!e.expires.empty() && !ValidPolicyDate(e.expires)) {
        return Fail("{}: expires \"{}\" is not a date YYYY-MM-DD", At(entry["expires"]), e.expires);
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<PolicyRule> Rule(const YAML::Node& node) const;

 private:
  std::string_view file_;
};

Result<PolicyRule> RuleParser::Rule(const YAML::Node& node) const {
  if (!node.IsMap()) return Fail("{}: each rule must be a mapping with id, severity, message", At(node));
  PolicyRule rule{.where = At(node)};
  const PolicyRuleKind* kind = nullptr;
  for (const auto& field : node) {
    std::string key = field.first.Scalar();
    if (const PolicyRuleKind* k = FindPolicyRuleKind(key)) {
      if (kind != nullptr) return Fail("{}: rule has two checks, `{}` and `{}`: one per rule", At(field.first), kind->key, key);
      kind = k;
      rule.kind = key;
      continue;
    }
    if (std::find(std::begin(kRuleKeys), std::end(kRuleKeys), key) == std::end(kRuleKeys)) {
      return Fail("{}: unknown key \"{}\" in a rule (see README \"Policy files\" for the keys)", At(field.first), key);
    }
  }
  if (kind == nullptr) return Fail("{}: rule has no check key (e.g. no_root, max_vulnerabilities)", At(node));
  for (auto [key, target] : {std::pair{"id", &rule.id}, {"severity", &rule.severity}, {"message", &rule.message}}) {
    if (!node[key]) return Fail("{}: rule without `{}`", At(node), key);
    auto text = Scalar(node[key], key);
    if (!text) return std::unexpected(text.error());
    *target = *text;
  }
  rule.severity = Upper(rule.severity);
  if (!IsSeverity(rule.severity)) return Fail("{}: severity \"{}\" is not CRITICAL, HIGH, MEDIUM or LOW", At(node["severity"]), node["severity"].Scalar());
  if (node["action"]) {
    rule.action = node["action"].IsScalar() ? node["action"].Scalar() : "";
    if (rule.action != "deny" && rule.action != "warn") return Fail("{}: action must be deny or warn", At(node["action"]));
  }
  if (!kind->takes_exceptions && (node["only_with_fix"] || node["exceptions"])) {
    return Fail("{}: only_with_fix and exceptions apply to max_vulnerabilities and max_cvss, not `{}`", At(node),
                kind->key);
  }
  if (node["only_with_fix"] && !YAML::convert<bool>::decode(node["only_with_fix"], rule.only_with_fix)) {
    return Fail("{}: only_with_fix must be true or false", At(node["only_with_fix"]));
  }
  if (node["exceptions"]) {
    auto exceptions = Exceptions(node["exceptions"]);
    if (!exceptions) return std::unexpected(exceptions.error());
    rule.exceptions = std::move(*exceptions);
  }
  if (auto value = Value(*kind, node[rule.kind], rule); !value) return std::unexpected(value.error());
  return rule;
}

}  // namespace

Result<PolicyFile> ParsePolicyFile(std::string_view text, std::string_view file) {
  if (text.size() > kMaxPolicyFileBytes) return Fail("{}: over the {}-byte limit", file, kMaxPolicyFileBytes);
  RuleParser parser(file);
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    if (!doc.IsMap() || !doc["rules"]) {
      return Fail("{}:{}: expected a mapping with `rules:`", file, std::max(doc.Mark().line, 0) + 1);
    }
    for (const auto& field : doc) {
      std::string key = field.first.Scalar();
      if (key != "rules" && key != "name") return Fail("{}: unknown top-level key \"{}\" (rules, name)", parser.At(field.first), key);
    }
    YAML::Node rules = doc["rules"];
    if (!rules.IsSequence()) return Fail("{}: `rules` must be a list", parser.At(rules));
    if (rules.size() > kMaxPolicyRules) return Fail("{}: more than {} rules", parser.At(rules), kMaxPolicyRules);
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
