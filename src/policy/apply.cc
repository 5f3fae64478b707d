// Loading the policy files and applying them to a report's findings.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "catalog/purl.h"
#include "common/file.h"
#include "policy/policy.h"

namespace drydock {
namespace {

// A VEX product names this package when it is the whole artifact, the package's report id, or a purl naming
// the same package (catalog/purl.h's PurlKey: canonical namespace and name, epoch folded into the version)
// and, when the product gives a version, the same version. Qualifiers are ignored: VEX authors rarely know the
// arch or distro qualifier a scanner will write.
bool ProductNames(std::string_view product, const Package* package, const Finding& f) {
  if (product == "*" || product == f.package_id) return true;
  if (package == nullptr || !product.starts_with("pkg:") || package->purl.empty()) return false;
  auto want = PurlKeyOf(product);
  auto have = PurlKeyOf(package->purl);
  if (!want || !have) return false;  // a product that is no purl names nothing (ParseVex kept it as written)
  return want->base == have->base && (want->version.empty() || want->version == have->version);
}

bool NamesAdvisory(std::string_view id, const Finding& f) {
  return id == f.id || std::find(f.aliases.begin(), f.aliases.end(), id) != f.aliases.end();
}

// The packages the findings name, by id: copies, as the report's table yields its rows as temporaries.
std::unordered_map<std::string, Package> NamedPackages(const ScanReport& report) {
  std::unordered_set<std::string> ids;
  for (const Finding& f : report.vulnerabilities) ids.insert(f.package_id);
  return report.packages.ById(ids);
}

bool RuleMatches(const IgnoreRule& rule, const Package* package, const Finding& f) {
  if (!NamesAdvisory(rule.id, f)) return false;
  if (!rule.package.empty() && rule.package != f.package_name) return false;
  if (!rule.path.empty() && rule.path != f.path) return false;
  if (!rule.purl.empty() && !ProductNames(rule.purl, package, f)) return false;
  return true;
}

Result<std::string> ReadPolicyFile(const std::string& path) {
  auto bytes = ReadFileBounded(path, kMaxPolicyFileBytes);
  if (!bytes) return Rewrap(bytes.error(), "{}", path);
  return std::move(*bytes);
}

}  // namespace

Result<Policy> LoadPolicy(const ScanOptions& options) {
  Policy policy{.ignore_statuses = options.ignore_statuses};
  if (!options.ignore_file.empty()) {
    auto text = ReadPolicyFile(options.ignore_file);
    if (!text) return Rewrap(text.error(), "ignore file");
    bool yaml = options.ignore_file.ends_with(".yaml") || options.ignore_file.ends_with(".yml");
    auto rules = yaml ? ParseIgnoreYaml(*text, options.ignore_file) : ParseIgnoreText(*text, options.ignore_file);
    if (!rules) return Rewrap(rules.error(), "ignore file");
    policy.ignores = std::move(*rules);
  }
  for (const std::string& file : options.vex_files) {
    auto text = ReadPolicyFile(file);
    if (!text) return Rewrap(text.error(), "VEX");
    auto statements = ParseVex(*text, file);
    if (!statements) return Rewrap(statements.error(), "VEX");
    policy.vex.insert(policy.vex.end(), statements->begin(), statements->end());
  }
  return policy;
}

void ApplyPolicy(const Policy& policy, std::string_view today, ScanReport& report) {
  for (const IgnoreRule& rule : policy.ignores) {
    if (!rule.expires.empty() && rule.expires < today) {
      report.errors.push_back({"policy", rule.where, fmt::format("ignore entry for {} expired on {}; it no longer "
                                                                 "suppresses anything", rule.id, rule.expires)});
    }
  }
  std::vector<Finding> kept;
  const std::unordered_map<std::string, Package> packages = NamedPackages(report);
  for (Finding& f : report.vulnerabilities) {
    const auto found = packages.find(f.package_id);
    const Package* package = found == packages.end() ? nullptr : &found->second;
    std::optional<SuppressedFinding> hidden;
    // VEX first: a supplier's "affected" statement keeps a finding even when an ignore entry would hide it.
    bool vex_affected = false;
    for (const VexStatement& s : policy.vex) {
      if (!NamesAdvisory(s.vulnerability, f) &&
          std::none_of(s.aliases.begin(), s.aliases.end(), [&](const std::string& id) { return NamesAdvisory(id, f); }))
        continue;
      bool named = std::any_of(s.products.begin(), s.products.end(),
                               [&](const std::string& p) { return ProductNames(p, package, f); });
      if (!named) continue;
      if (s.status == "affected") vex_affected = true;
      if (!hidden && (s.status == "not_affected" || s.status == "fixed")) {
        hidden = SuppressedFinding{f, "vex " + s.where, s.status, s.justification};
      }
    }
    if (vex_affected) hidden.reset();
    if (!hidden && !vex_affected) {
      for (const IgnoreRule& rule : policy.ignores) {
        if ((rule.expires.empty() || rule.expires >= today) && RuleMatches(rule, package, f)) {
          hidden = SuppressedFinding{f, "ignore file " + rule.where, "ignored", rule.reason};
          break;
        }
      }
    }
    if (!hidden && std::find(policy.ignore_statuses.begin(), policy.ignore_statuses.end(), f.status) !=
                       policy.ignore_statuses.end()) {
      hidden = SuppressedFinding{f, "--ignore-status", "status", f.status};
    }
    if (hidden) {
      report.suppressed.push_back(std::move(*hidden));
    } else {
      kept.push_back(std::move(f));
    }
  }
  report.vulnerabilities = std::move(kept);
}

}  // namespace drydock
