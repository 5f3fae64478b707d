// Each check key's value, and the exceptions list: YAML node -> the PolicyRule member its PolicyValue names.
#include <cctype>

#include "policy/policy_yaml.h"

namespace drydock {

std::string PolicyYaml::At(const YAML::Node& node) const {
  return fmt::format("{}:{}", file_, node.Mark().line + 1);
}

Result<std::string> PolicyYaml::Scalar(const YAML::Node& node, std::string_view key) const {
  if (!node.IsScalar() || node.Scalar().empty())
    return Fail("{}: `{}` must be a non-empty string", At(node), key);
  return node.Scalar();
}

Result<std::vector<std::string>> PolicyYaml::List(const YAML::Node& node, std::string_view key,
                                                  bool globs) const {
  if (!node.IsSequence() || node.size() == 0) return Fail("{}: `{}` must be a non-empty list", At(node), key);
  if (node.size() > kMaxPolicyListItems)
    return Fail("{}: `{}` has over {} items", At(node), key, kMaxPolicyListItems);
  std::vector<std::string> items;
  for (const YAML::Node& item : node) {
    auto text = Scalar(item, key);
    if (!text) return std::unexpected(text.error());
    if (globs && !ValidGlob(*text))
      return Fail("{}: `{}`: bad glob \"{}\" (unclosed [ or trailing \\)", At(item), key, *text);
    items.push_back(*text);
  }
  return items;
}

Result<long long> PolicyYaml::Count(const YAML::Node& node, std::string_view key) const {
  long long n = -1;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, n) || n < 0) {
    return Fail("{}: `{}` must be a whole number >= 0", At(node), key);
  }
  return n;
}

Status PolicyYaml::Value(const PolicyRuleKind& kind, const YAML::Node& node, PolicyRule& rule) const {
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
        // A reference ("docker.io/library/debian:12*") is a glob over the identified base, not a distro.
        if (item.find('/') != std::string::npos) {
          if (!ValidGlob(item)) return Fail("{}: `{}`: bad glob \"{}\" (unclosed [ or trailing \\)", At(node), key, item);
          rule.items.push_back(item);
          continue;
        }
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
    case PolicyValue::kAge: {
      // "30d", "6w", or plain days; nothing finer: base digests are dated by the day.
      std::string text = node.IsScalar() ? node.Scalar() : "";
      long long unit = 1;
      if (!text.empty() && (text.back() == 'd' || text.back() == 'w')) {
        unit = text.back() == 'w' ? 7 : 1;
        text.pop_back();
      }
      const bool digits = !text.empty() && text.size() <= 6 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits) return Fail("{}: `{}` must be an age like 30d or 6w", At(node), key);
      rule.days = std::stoll(text) * unit;
      return {};
    }
    case PolicyValue::kCounts:
      if (!node.IsMap() || node.size() == 0)
        return Fail("{}: `{}` must map severities to counts", At(node), key);
      for (const auto& entry : node) {
        std::string severity = UpperCase(entry.first.Scalar());
        if (!IsPolicySeverity(severity) && severity != "UNKNOWN") {
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
    case PolicyValue::kSignatureTrust: {
      auto trust = SignatureTrust(node);
      if (!trust) return std::unexpected(trust.error());
      rule.trust = std::move(*trust);
      return {};
    }
  }
  return {};
}

Result<std::vector<PolicyException>> PolicyYaml::Exceptions(const YAML::Node& node) const {
  if (!node.IsSequence()) return Fail("{}: `exceptions` must be a list", At(node));
  std::vector<PolicyException> out;
  for (const YAML::Node& entry : node) {
    if (!entry.IsMap() || !entry["id"]) return Fail("{}: each exception needs an `id`", At(entry));
    PolicyException e{.where = At(entry)};
    for (const auto& field : entry) {
      std::string key = field.first.Scalar();
      std::string* target = key == "id"        ? &e.id
                            : key == "expires" ? &e.expires
                            : key == "reason"  ? &e.reason
                                               : nullptr;
      if (target == nullptr)
        return Fail("{}: unknown key \"{}\" in exception (id, expires, reason)", At(field.first), key);
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

}  // namespace drydock
