#include "notify/scan_event.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "common/bounded_json.h"
#include "common/severity.h"
#include "notify/webhook_filter.h"

namespace drydock {

Result<NewEvent> ScanEvent(const std::string& report_json, const std::string& digest, const std::string& repository,
                           const std::string& tag, const std::string& trigger) {
  using json = nlohmann::json;
  auto report = ParseBoundedJson(report_json, "stored report", std::size_t{1} << 30);
  if (!report) return std::unexpected(report.error());
  json counts = json::object();
  std::string worst;
  std::map<std::pair<std::string, std::string>, std::pair<std::set<std::string>, std::set<std::string>>> upgrades;
  std::size_t findings = 0;
  if (auto v = report->find("vulnerabilities"); v != report->end() && v->is_array()) {
    for (const json& f : *v) {
      const std::string severity = JsonString(f, "severity").empty() ? "UNKNOWN" : JsonString(f, "severity");
      counts[severity] = counts.value(severity, 0) + 1;
      worst = worst.empty() ? severity : std::string(WorseSeverity(worst, severity));
      ++findings;
      if (const std::string fixed = JsonString(f, "fixed_version"); !fixed.empty()) {
        auto& [fixes, ids] = upgrades[{JsonString(f, "package_name"), JsonString(f, "installed_version")}];
        fixes.insert(fixed);
        ids.insert(JsonString(f, "id"));
      }
    }
  }
  json upgrade_list = json::array();
  for (const auto& [key, value] : upgrades) {
    upgrade_list.push_back({{"package", key.first}, {"installed_version", key.second},
                            {"fixed_versions", value.first}, {"vulnerabilities", value.second}});
  }
  json payload = {{"digest", digest},          {"repository", repository}, {"tag", tag},
                  {"trigger", trigger},        {"findings", findings},     {"severity_counts", counts},
                  {"worst_severity", worst},   {"upgrades", upgrade_list}};
  if (auto policy = report->find("policy"); policy != report->end() && policy->is_object()) {
    payload["policy_passed"] = policy->value("passed", true);
  }
  return NewEvent{.type = std::string(kEventImageScanned),
                  .digest = digest,
                  .repository = repository,
                  .severity = worst,
                  .payload = payload.dump()};
}

}  // namespace drydock
