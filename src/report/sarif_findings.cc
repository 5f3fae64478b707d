// SARIF results for what is not a vulnerability: secrets, failed configuration checks, failed policy rules.
// Code-scanning UIs group by rule, so each secret rule, check id and policy rule id is one SARIF rule.
#include <fmt/core.h>

#include "report/report_common.h"
#include "report/sarif_parts.h"

namespace drydock {
namespace {

using Json = SarifJson;

Json MakeRule(const std::string& id, const std::string& title, const std::string& severity, const char* kind,
              const std::string& help) {
  return Json{{"id", id},
              {"name", id},
              {"shortDescription", {{"text", title}}},
              {"fullDescription", {{"text", title}}},
              {"defaultConfiguration", {{"level", SarifLevel(severity)}}},
              {"help", {{"text", help}}},
              {"properties",
               {{"security-severity", fmt::format("{:.1f}", SeverityScore(severity))},
                {"tags", {kind, "security", severity}}}}};
}

// SARIF wants a relative URI for image files ("app/config/.env"); things without a file point at the image.
Json Location(const ScanReport& report, const std::string& path, std::size_t line) {
  std::size_t start = path.find_first_not_of('/');
  std::string uri = start == std::string::npos ? report.artifact.name : path.substr(start);
  return Json{{"physicalLocation",
               {{"artifactLocation", {{"uri", uri}}}, {"region", {{"startLine", line > 0 ? line : 1}}}}},
              {"message", {{"text", report.artifact.name}}}};
}

Json Result(const std::string& id, std::size_t index, const std::string& severity, std::string message,
            Json location, Json properties) {
  return Json{{"ruleId", id},
              {"ruleIndex", index},
              {"level", SarifLevel(severity)},
              {"message", {{"text", std::move(message)}}},
              {"locations", Json::array({std::move(location)})},
              {"properties", std::move(properties)}};
}

std::string Layer(const std::string& diff_id) {
  return diff_id.empty() ? "" : fmt::format(" (layer {})", diff_id);
}

}  // namespace

void AddSecretResults(const ScanReport& report, SarifRun& run) {
  for (const SecretFinding& s : report.secrets) {
    std::size_t index = run.RuleIndex(s.rule_id, [&] {
      return MakeRule(s.rule_id, s.title, s.severity, "secret", fmt::format("{} ({})", s.title, s.category));
    });
    bool in_file = s.source == "file";
    std::string where =
        in_file ? fmt::format("{}:{}", s.path, s.line) : fmt::format("{} {}", s.source, s.path);
    std::string message = fmt::format("{} at {}{}: {}. Image: {}.", s.title, where, Layer(s.layer_diff_id),
                                      s.match, report.artifact.name);
    if (!s.removed_in_layer.empty())
      message += fmt::format(" Deleted in layer {}, still in the image.", s.removed_in_layer);
    run.results.push_back(Result(s.rule_id, index, s.severity, std::move(message),
                                 Location(report, in_file ? s.path : "", in_file ? s.line : 1),
                                 {{"source", s.source}, {"match", s.match}, {"layer", s.layer_diff_id}}));
  }
}

void AddMisconfigurationResults(const ScanReport& report, SarifRun& run) {
  for (const Misconfiguration& m : report.misconfigurations) {
    std::size_t index =
        run.RuleIndex(m.id, [&] { return MakeRule(m.id, m.title, m.severity, "misconfiguration", m.title); });
    std::string message = fmt::format("{}: {}{}. Image: {}.", m.title, m.evidence, Layer(m.layer_diff_id),
                                      report.artifact.name);
    run.results.push_back(Result(m.id, index, m.severity, std::move(message),
                                 Location(report, m.path, m.line),
                                 {{"evidence", m.evidence}, {"layer", m.layer_diff_id}}));
  }
}

void AddPolicyResults(const ScanReport& report, SarifRun& run) {
  if (!report.policy) return;
  for (const PolicyRuleResult& r : report.policy->rules) {
    if (r.passed) continue;
    std::size_t index = run.RuleIndex(r.id, [&] {
      return MakeRule(r.id, r.message, r.severity, "policy",
                      fmt::format("Policy {}: {}", report.policy->file, r.message));
    });
    std::string evidence;
    for (const std::string& e : r.evidence) evidence += (evidence.empty() ? "" : "; ") + e;
    Json result =
        Result(r.id, index, r.severity, fmt::format("{}: {}", r.message, evidence), Location(report, "", 1),
               {{"policy", report.policy->file}, {"action", r.action}, {"evidence", r.evidence}});
    if (r.action == "warn") result["level"] = "note";  // reported, but it does not fail the gate
    run.results.push_back(std::move(result));
  }
}

}  // namespace drydock
