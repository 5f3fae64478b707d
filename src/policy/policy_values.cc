// The check-key table and the small validators policy files need (globs, dates).
#include <array>
#include <chrono>

#include "policy/policy_file.h"

namespace drydock {

std::span<const PolicyRuleKind> PolicyRuleKinds() {
  using V = PolicyValue;
  static constexpr std::array<PolicyRuleKind, 18> kKinds = {{
      {"allowed_registries", V::kGlobs},
      {"denied_registries", V::kGlobs},
      {"allowed_repositories", V::kGlobs},
      {"denied_repositories", V::kGlobs},
      {"allowed_base_images", V::kDistros},
      {"no_end_of_life", V::kTrue},
      {"max_age_days", V::kDays},
      {"max_base_age", V::kAge},
      {"max_vulnerabilities", V::kCounts, true, true},
      {"max_cvss", V::kScore, true, true},
      {"denied_advisories", V::kStrings, true},
      {"no_root", V::kTrue},
      {"required_labels", V::kStrings},
      {"forbidden_ports", V::kStrings},
      {"no_secrets", V::kTrue, false, false, true},
      {"denied_checks", V::kGlobs, false, false, false, true},
      {"require_signature", V::kTrue},
      {"signatures", V::kSignatureTrust},
  }};
  return kKinds;
}

const PolicyRuleKind* FindPolicyRuleKind(std::string_view key) {
  for (const PolicyRuleKind& kind : PolicyRuleKinds()) {
    if (kind.key == key) return &kind;
  }
  return nullptr;
}

bool PolicyFile::NeedsVulns() const {
  for (const PolicyRule& rule : rules) {
    if (FindPolicyRuleKind(rule.kind)->needs_vulns) return true;
  }
  return false;
}

bool PolicyFile::NeedsSecrets() const {
  for (const PolicyRule& rule : rules) {
    if (FindPolicyRuleKind(rule.kind)->needs_secrets) return true;
  }
  return false;
}

bool PolicyFile::NeedsConfig() const {
  for (const PolicyRule& rule : rules) {
    if (FindPolicyRuleKind(rule.kind)->needs_config) return true;
  }
  return false;
}

// fnmatch(3) quietly treats an unclosed '[' as a literal, so "docker.io/[abc" would silently match nothing a
// user meant; refuse such patterns instead.
bool ValidGlob(std::string_view pattern) {
  if (pattern.empty()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (++i == pattern.size()) return false;
    } else if (pattern[i] == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;  // a leading ']' is a member, not the end
      while (j < pattern.size() && pattern[j] != ']') ++j;
      if (j == pattern.size()) return false;
      i = j;
    }
  }
  return true;
}

bool ValidPolicyDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(date.substr(at, n))); };
  std::chrono::year_month_day day{std::chrono::year(number(0, 4)), std::chrono::month(number(5, 2)),
                                  std::chrono::day(number(8, 2))};
  return day.ok();
}

}  // namespace drydock
