#include "monitor/findings_diff.h"

#include <nlohmann/json.hpp>

#include <map>
#include <tuple>

#include "common/severity.h"

namespace drydock {
namespace {

using Json = nlohmann::ordered_json;
using Key = std::pair<std::string, std::string>;  // package id, vulnerability id

std::map<Key, const Finding*> ByKey(const std::vector<Finding>& findings) {
  std::map<Key, const Finding*> out;
  for (const Finding& f : findings) out.emplace(Key{f.package_id, f.id}, &f);
  return out;
}

Json Base(const DiffContext& c) {
  return Json{{"image", {{"digest", c.digest}, {"repository", c.repository}}},
              {"generation", {{"digest", c.generation}, {"built_at", c.db_built_at}}}};
}

Json FindingJson(const DiffContext& c, const Finding& f) {
  Json out = Base(c);
  out["finding"] = {{"vulnerability", f.id},
                    {"aliases", f.aliases},
                    {"package", f.package_name},
                    {"package_id", f.package_id},
                    {"installed_version", f.installed_version},
                    {"fixed_version", f.fixed_version},
                    {"status", f.status},
                    {"severity", f.severity},
                    {"title", f.title},
                    {"layer_diff_id", f.layer_diff_id},
                    {"path", f.path}};
  return out;
}

NewEvent Make(const DiffContext& c, std::string_view type, const std::string& severity, const Json& payload) {
  return {.type = std::string(type), .digest = c.digest, .repository = c.repository, .generation = c.generation,
          .severity = severity, .payload = payload.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

// The worst severity among the deny rules that failed, "" when none did.
std::string WorstFailedRule(const PolicyVerdict& verdict, std::vector<std::string>& failed) {
  std::string worst;
  for (const PolicyRuleResult& r : verdict.rules) {
    if (r.passed || r.action != "deny") continue;
    failed.push_back(r.id);
    worst = worst.empty() ? r.severity : std::string(WorseSeverity(worst, r.severity));
  }
  return worst;
}

}  // namespace

std::vector<NewEvent> DiffFindings(const DiffContext& context, const std::vector<Finding>& before,
                                   const std::vector<Finding>& after,
                                   const std::optional<PolicyVerdict>& before_policy,
                                   const std::optional<PolicyVerdict>& after_policy) {
  const auto old_findings = ByKey(before);
  const auto new_findings = ByKey(after);
  std::vector<NewEvent> resolved, changed, added;
  for (const auto& [key, old] : old_findings) {
    auto it = new_findings.find(key);
    if (it == new_findings.end()) {
      resolved.push_back(Make(context, kEventFindingResolved, old->severity, FindingJson(context, *old)));
      continue;
    }
    const Finding& now = *it->second;
    Json changes = Json::object();
    for (auto [field, from, to] : {std::tuple{"severity", &old->severity, &now.severity},
                                   std::tuple{"fixed_version", &old->fixed_version, &now.fixed_version},
                                   std::tuple{"status", &old->status, &now.status}}) {
      if (*from != *to) changes[field] = {{"from", *from}, {"to", *to}};
    }
    if (changes.empty()) continue;
    Json payload = FindingJson(context, now);
    payload["changes"] = std::move(changes);
    changed.push_back(Make(context, kEventFindingChanged, now.severity, payload));
  }
  for (const auto& [key, now] : new_findings) {
    if (!old_findings.contains(key)) added.push_back(Make(context, kEventFindingNew, now->severity,
                                                          FindingJson(context, *now)));
  }
  std::vector<NewEvent> events;
  for (auto* group : {&resolved, &changed, &added}) {
    std::move(group->begin(), group->end(), std::back_inserter(events));
  }
  // A verdict that appears or disappears (the server's --policy was added or removed) is not a flip.
  if (before_policy && after_policy && before_policy->passed != after_policy->passed) {
    std::vector<std::string> failed;
    std::string worst = WorstFailedRule(*after_policy, failed);
    Json payload = Base(context);
    payload["policy"] = after_policy->file;
    payload["from"] = before_policy->passed ? "pass" : "fail";
    payload["to"] = after_policy->passed ? "pass" : "fail";
    payload["failed_rules"] = failed;
    events.push_back(Make(context, kEventPolicyChanged, worst, payload));
  }
  return events;
}

}  // namespace drydock
