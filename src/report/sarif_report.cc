// SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab): one rule per advisory, one result per finding, located at
// the file the package was found in (dpkg status, apk installed, lockfile) with the image named in the message.
// Secrets, failed checks and failed policy rules are added by sarif_findings.cc.
#include <map>

#include "report/report.h"
#include "report/report_common.h"
#include "report/sarif_parts.h"

namespace drydock {

std::string_view SarifLevel(std::string_view severity) {
  double score = SeverityScore(severity);
  if (score >= 7.0) return "error";
  if (score >= 4.0) return "warning";
  return "note";
}

namespace {

using Json = SarifJson;

Json Rule(const Finding& f) {
  std::string text = f.title.empty() ? f.id : f.title;
  Json rule{{"id", f.id},
            {"name", f.id},
            {"shortDescription", {{"text", text}}},
            {"fullDescription", {{"text", text}}},
            {"defaultConfiguration", {{"level", SarifLevel(f.severity)}}},
            {"help", {{"text", fmt::format("{}\nSeverity: {} ({})\nData source: {}", text, f.severity,
                                           f.severity_source.empty() ? "unknown" : f.severity_source,
                                           f.data_source)}}},
            {"properties",
             {{"security-severity", fmt::format("{:.1f}", SeverityScore(f.severity))},
              {"tags", {"vulnerability", "security", f.severity}}}}};
  if (f.id.starts_with("CVE-")) rule["helpUri"] = "https://nvd.nist.gov/vuln/detail/" + f.id;
  return rule;
}

Json SarifResult(const ScanReport& report, const Finding& f, std::size_t rule_index) {
  std::string fixed = f.fixed_version.empty() ? "no fix yet" : "fixed in " + f.fixed_version;
  std::string message = fmt::format("{} {} in {}: {} ({}). Image: {}. Layer: {}.", f.package_name,
                                    f.installed_version, f.path.empty() ? "the image" : f.path, f.id, fixed,
                                    report.artifact.name, f.layer_diff_id.empty() ? "unknown" : f.layer_diff_id);
  // artifactLocation.uri must be a URI reference; package files are image-relative paths.
  std::string uri = f.path.empty() ? report.artifact.name : f.path;
  Json location{{"physicalLocation",
                 {{"artifactLocation", {{"uri", uri}}}, {"region", {{"startLine", 1}}}}},
                {"message", {{"text", report.artifact.name}}}};
  return Json{{"ruleId", f.id},
              {"ruleIndex", rule_index},
              {"level", SarifLevel(f.severity)},
              {"message", {{"text", message}}},
              {"locations", Json::array({location})},
              {"properties",
               {{"package", f.package_name},
                {"installedVersion", f.installed_version},
                {"fixedVersion", f.fixed_version},
                {"status", f.status},
                {"severity", f.severity}}}};
}

}  // namespace

void WriteSarifReport(const ScanReport& report, std::ostream& out) {
  SarifRun run_parts;
  for (const Finding& f : report.vulnerabilities) {
    std::size_t index = run_parts.RuleIndex(f.id, [&] { return Rule(f); });
    run_parts.results.push_back(SarifResult(report, f, index));
  }
  AddSecretResults(report, run_parts);
  AddMisconfigurationResults(report, run_parts);
  AddPolicyResults(report, run_parts);
  Json& rules = run_parts.rules;
  Json& results = run_parts.results;
  Json notifications = Json::array();
  for (const ScanError& e : report.errors) {
    notifications.push_back({{"level", "warning"},
                             {"message", {{"text", fmt::format("[{}] {} {}", e.stage, e.path, e.message)}}}});
  }
  Json run{{"tool",
            {{"driver",
              {{"name", kToolName},
               {"version", kToolVersion},
               {"informationUri", kToolUri},
               {"rules", rules}}}}},
           {"invocations",
            Json::array({{{"executionSuccessful", true}, {"toolExecutionNotifications", notifications}}})},
           {"results", results},
           {"properties",
            {{"imageName", report.artifact.name},
             {"imageDigest", report.artifact.digest},
             {"os", fmt::format("{} {}", report.artifact.os.family, report.artifact.os.version)}}}};
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({run})}};
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace drydock
