// The ignore file, in its text form (Trivy's .trivyignore plus package/path narrowing) and its YAML form.
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "policy/policy.h"
#include "policy/policy_file.h"

namespace drydock {
namespace {

Status CheckSize(std::string_view text, std::string_view file) {
  if (text.size() > kMaxPolicyFileBytes) {
    return Fail("{}: {} bytes is over the {}-byte limit", file, text.size(), kMaxPolicyFileBytes);
  }
  return {};
}

}  // namespace

Result<std::vector<IgnoreRule>> ParseIgnoreText(std::string_view text, std::string_view file) {
  if (auto ok = CheckSize(text, file); !ok) return std::unexpected(ok.error());
  std::vector<IgnoreRule> rules;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    IgnoreRule rule{.where = fmt::format("{}:{}", file, line_number)};
    if (std::size_t hash = line.find('#'); hash != std::string::npos) {
      rule.reason = line.substr(hash + 1);
      rule.reason.erase(0, rule.reason.find_first_not_of(" \t"));
      line.erase(hash);
    }
    std::istringstream words(line);
    std::string word;
    if (!(words >> rule.id)) continue;  // blank or comment-only
    for (unsigned char c : rule.id) {
      if (c < 0x21 || c > 0x7e || c == '=') return Fail("{}: \"{}\" is not an advisory id", rule.where, rule.id);
    }
    while (words >> word) {
      if (word.starts_with("exp:")) {
        rule.expires = word.substr(4);
        if (!ValidPolicyDate(rule.expires)) return Fail("{}: expiry \"{}\" is not a date YYYY-MM-DD", rule.where, rule.expires);
      } else if (word.starts_with("pkg=")) {
        rule.package = word.substr(4);
      } else if (word.starts_with("purl=")) {
        rule.purl = word.substr(5);
      } else if (word.starts_with("path=")) {
        rule.path = word.substr(5);
      } else {
        return Fail("{}: unknown field \"{}\" (expected pkg=, purl=, path=, exp:YYYY-MM-DD or # reason)", rule.where,
                    word);
      }
    }
    if (rules.size() == kMaxPolicyEntries) return Fail("{}: more than {} entries", rule.where, kMaxPolicyEntries);
    rules.push_back(std::move(rule));
  }
  return rules;
}

Result<std::vector<IgnoreRule>> ParseIgnoreYaml(std::string_view text, std::string_view file) {
  if (auto ok = CheckSize(text, file); !ok) return std::unexpected(ok.error());
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    std::vector<IgnoreRule> rules;
    if (doc.IsNull()) return rules;
    if (!doc.IsMap()) return Fail("{}:{}: expected a mapping with `vulnerabilities:`", file, doc.Mark().line + 1);
    YAML::Node list = doc["vulnerabilities"];
    if (!list) return rules;
    if (!list.IsSequence()) return Fail("{}:{}: `vulnerabilities` must be a list", file, list.Mark().line + 1);
    for (const YAML::Node& entry : list) {
      std::string where = fmt::format("{}:{}", file, entry.Mark().line + 1);
      if (!entry.IsMap()) return Fail("{}: each entry must be a mapping with an `id`", where);
      auto scalar = [&](const char* key) -> Result<std::string> {
        YAML::Node node = entry[key];
        if (!node) return std::string();
        if (!node.IsScalar()) return Fail("{}:{}: `{}` must be a string", file, node.Mark().line + 1, key);
        return node.as<std::string>();
      };
      auto id = scalar("id");
      if (!id) return std::unexpected(id.error());
      if (id->empty()) return Fail("{}: entry without an `id`", where);
      IgnoreRule base{.id = *id, .where = where};
      for (auto [key, field] : {std::pair{"package", &base.package}, {"expired_at", &base.expires},
                                {"statement", &base.reason}}) {
        auto value = scalar(key);
        if (!value) return std::unexpected(value.error());
        *field = *value;
      }
      if (!base.expires.empty() && !ValidPolicyDate(base.expires)) {
        return Fail("{}: expired_at \"{}\" is not a date YYYY-MM-DD", where, base.expires);
      }
      // `paths` and `purls` lists widen one entry into one rule per item, as Trivy's YAML does.
      std::vector<IgnoreRule> expanded = {base};
      for (auto [key, member] : {std::pair{"paths", &IgnoreRule::path}, {"purls", &IgnoreRule::purl}}) {
        YAML::Node items = entry[key];
        if (!items) continue;
        if (!items.IsSequence()) return Fail("{}:{}: `{}` must be a list", file, items.Mark().line + 1, key);
        std::vector<IgnoreRule> next;
        for (const IgnoreRule& rule : expanded) {
          for (const YAML::Node& item : items) {
            if (!item.IsScalar()) return Fail("{}:{}: `{}` items must be strings", file, item.Mark().line + 1, key);
            IgnoreRule narrowed = rule;
            narrowed.*member = item.as<std::string>();
            next.push_back(std::move(narrowed));
          }
        }
        if (!next.empty()) expanded = std::move(next);
      }
      if (rules.size() + expanded.size() > kMaxPolicyEntries) return Fail("{}: more than {} entries", where, kMaxPolicyEntries);
      rules.insert(rules.end(), expanded.begin(), expanded.end());
    }
    return rules;
  } catch (const YAML::Exception& e) {
    return Fail("{}:{}: {}", file, e.mark.line + 1, e.msg);
  }
}

}  // namespace drydock
