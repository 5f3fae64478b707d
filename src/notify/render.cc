#include "notify/render.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <set>

#include "common/severity.h"
#include "notify/slack.h"
#include "notify/webhook_filter.h"

namespace drydock {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxFindingsListed = 100;  // a summary lists at most this many findings; counts are exact

std::string Rfc3339(std::int64_t unix_ms) {
  const std::time_t seconds = unix_ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

json Payload(const Event& event) {
  json payload = json::parse(event.payload, nullptr, /*allow_exceptions=*/false);
  return payload.is_object() ? payload : json::object();
}

std::string Field(const json& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto it = object.find(name); it != object.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// One event alone: its payload's fields, with where and when it happened.
json EventData(const Event& event) {
  json data = Payload(event);
  data["event_id"] = event.id;
  if (!event.digest.empty()) data.emplace("digest", event.digest);
  if (!event.repository.empty()) data.emplace("repository", event.repository);
  if (!event.generation.empty()) data.emplace("generation", event.generation);
  if (!event.severity.empty()) data.emplace("severity", event.severity);
  return data;
}

// The finding.* and policy.changed events of one image and generation, folded into one summary.
json SummaryData(std::span<const Event* const> group) {
  const Event& first = *group.front();
  json counts = {{"new", json::object()}, {"resolved", 0}, {"changed", 0}};
  json findings = json::array();
  json policy;
  std::string worst;
  std::map<std::pair<std::string, std::string>, std::pair<std::set<std::string>, std::set<std::string>>> upgrades;
  for (const Event* e : group) {
    const json payload = Payload(*e);
    if (e->type == kEventPolicyChanged) {
      policy = payload;
      continue;
    }
    // The monitor nests the finding ({"image", "generation", "finding": {...}}); flat payloads are read as they are.
    const json finding = payload.contains("finding") && payload["finding"].is_object() ? payload["finding"] : payload;
    const std::string severity = e->severity.empty() ? Field(finding, {"severity"}) : e->severity;
    if (e->type == kEventFindingNew) {
      counts["new"][severity.empty() ? "UNKNOWN" : severity] = counts["new"].value(severity, 0) + 1;
    } else if (e->type == kEventFindingResolved) {
      counts["resolved"] = counts["resolved"].get<int>() + 1;
    } else {
      counts["changed"] = counts["changed"].get<int>() + 1;
    }
    if (!severity.empty()) worst = worst.empty() ? severity : std::string(WorseSeverity(worst, severity));
    const std::string id = Field(finding, {"vulnerability", "id"});
    const std::string package = Field(finding, {"package", "package_name"});
    const std::string installed = Field(finding, {"installed_version", "version"});
    const std::string fixed = Field(finding, {"fixed_version"});
    if (e->type != kEventFindingResolved && !fixed.empty() && !package.empty()) {
      auto& [fixes, ids] = upgrades[{package, installed}];
      fixes.insert(fixed);
      if (!id.empty()) ids.insert(id);
    }
    if (findings.size() < kMaxFindingsListed) {
      findings.push_back({{"type", e->type}, {"id", id}, {"package", package}, {"installed_version", installed},
                          {"fixed_version", fixed}, {"severity", severity}});
    }
  }
  json upgrade_list = json::array();
  for (const auto& [key, value] : upgrades) {
    upgrade_list.push_back({{"package", key.first}, {"installed_version", key.second},
                            {"fixed_versions", value.first}, {"vulnerabilities", value.second}});
  }
  json data = {{"digest", first.digest},       {"repository", first.repository},
               {"generation", first.generation}, {"worst_severity", worst},
               {"counts", counts},             {"upgrades", upgrade_list},
               {"findings", findings},         {"event_ids", {first.id, group.back()->id}}};
  if (!policy.is_null()) data["policy"] = policy;
  return data;
}

NewDelivery Message(const Webhook& hook, std::string_view type, const Event& first, json data) {
  std::string body;
  if (hook.format == "slack") {
    body = SlackBody(type, data).dump();
  } else {
    body = json{{"type", type}, {"timestamp", Rfc3339(first.created_ms)}, {"data", std::move(data)}}.dump();
  }
  return NewDelivery{.webhook_id = hook.id,
                     .message_id = fmt::format("msg_{}_{}", first.id, hook.id),
                     .event_type = std::string(type),
                     .body = std::move(body)};
}

}  // namespace

bool IsSummarised(const Event& event) {
  return !event.generation.empty() && !event.digest.empty() &&
         (event.type == kEventFindingNew || event.type == kEventFindingResolved ||
          event.type == kEventFindingChanged || event.type == kEventPolicyChanged);
}

std::vector<NewDelivery> RenderDeliveries(const Webhook& hook, std::span<const Event> events) {
  std::vector<NewDelivery> out;
  // Groups in order of their first event; each group is one image and one generation.
  std::vector<std::vector<const Event*>> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> group_of;
  std::vector<std::pair<std::size_t, const Event*>> order;  // (group index or npos, single event)
  for (const Event& event : events) {
    if (!WebhookWantsEvent(hook, event)) continue;
    if (hook.per_finding || !IsSummarised(event)) {
      order.emplace_back(std::string::npos, &event);
      continue;
    }
    auto [it, created] = group_of.try_emplace({event.digest, event.generation}, groups.size());
    if (created) {
      groups.emplace_back();
      order.emplace_back(it->second, nullptr);
    }
    groups[it->second].push_back(&event);
  }
  for (const auto& [group, single] : order) {
    if (single != nullptr) {
      if (PassesSeverity(hook, single->type, single->severity)) {
        out.push_back(Message(hook, single->type, *single, EventData(*single)));
      }
      continue;
    }
    json data = SummaryData(groups[group]);
    const bool policy_flip = data.contains("policy");
    if (!policy_flip && !PassesSeverity(hook, kEventImageSummary, data["worst_severity"].get<std::string>())) continue;
    out.push_back(Message(hook, kEventImageSummary, *groups[group].front(), std::move(data)));
  }
  return out;
}

}  // namespace drydock
