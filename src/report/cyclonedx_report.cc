// CycloneDX 1.6 JSON: the image as metadata.component, every package as a component (purl, licences, where it
// was found as properties), the image depending on each package, and the findings as `vulnerabilities` with
// ratings, affects and analysis. `--sbom-only` reaches here as a report whose findings were dropped.
#include <nlohmann/json.hpp>

#include <cctype>

#include "report/report.h"
#include "report/report_common.h"

namespace drydock {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kRootRef = "drydock:artifact";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// CycloneDX severities are lower-case and include "unknown"; anything else drydock does not know maps there.
std::string CdxSeverity(std::string_view severity) {
  std::string lower = Lower(severity);
  for (std::string_view known : {"critical", "high", "medium", "low", "info", "none"}) {
    if (lower == known) return lower;
  }
  return "unknown";
}

void AddProperty(Json& properties, std::string_view name, const std::string& value) {
  if (!value.empty()) properties.push_back({{"name", fmt::format("drydock:{}", name)}, {"value", value}});
}

Json Component(const Package& p) {
  Json component{{"bom-ref", p.id}, {"type", "library"}, {"name", p.name}};
  if (!p.version.empty()) component["version"] = p.version;
  if (!p.purl.empty()) component["purl"] = p.purl;
  if (p.dev) component["scope"] = "optional";  // CycloneDX: not needed at run time
  if (!p.licenses.empty()) {
    Json licenses = Json::array();
    // Names, not ids: a catalogued licence string is not guaranteed to be a valid SPDX identifier.
    for (const std::string& license : p.licenses) licenses.push_back({{"license", {{"name", license}}}});
    component["licenses"] = licenses;
  }
  Json properties = Json::array();
  AddProperty(properties, "ecosystem", p.ecosystem);
  AddProperty(properties, "source_name", p.source_name);
  AddProperty(properties, "source_version", p.source_version);
  AddProperty(properties, "arch", p.arch);
  AddProperty(properties, "module", p.module);
  AddProperty(properties, "layer_diff_id", p.layer_diff_id);
  AddProperty(properties, "path", p.path);
  if (!properties.empty()) component["properties"] = properties;
  return component;
}

Json Vulnerability(const Finding& f) {
  Json rating{{"severity", CdxSeverity(f.severity)}, {"method", "other"}};
  if (!f.severity_source.empty()) rating["source"] = {{"name", f.severity_source}};
  if (!f.cvss.empty()) rating["vector"] = f.cvss;
  Json v{{"bom-ref", fmt::format("{}@{}", f.id, f.package_id)}, {"id", f.id}};
  if (!f.data_source.empty()) v["source"] = {{"name", f.data_source}};
  v["ratings"] = Json::array({rating});
  if (!f.title.empty()) v["description"] = f.title;
  if (!f.fixed_version.empty()) v["recommendation"] = fmt::format("Upgrade {} to {}", f.package_name, f.fixed_version);
  if (!f.aliases.empty()) {
    Json references = Json::array();
    for (const std::string& alias : f.aliases) references.push_back({{"id", alias}, {"source", {{"name", "alias"}}}});
    v["references"] = references;
  }
  // A scanner's finding is unreviewed: in_triage until a VEX statement or a person says otherwise.
  v["analysis"] = {{"state", "in_triage"},
                   {"detail", fmt::format("matched by {} in {}: {} ({})", f.match.by, f.match.ecosystem,
                                          f.match.range, f.match.record)}};
  v["affects"] = Json::array(
      {{{"ref", f.package_id}, {"versions", Json::array({{{"version", f.installed_version}, {"status", "affected"}}})}}});
  Json properties = Json::array();
  AddProperty(properties, "fixed_version", f.fixed_version);
  AddProperty(properties, "status", f.status);
  if (!properties.empty()) v["properties"] = properties;
  return v;
}

}  // namespace

void WriteCycloneDxReport(const ScanReport& report, std::ostream& out) {
  const Artifact& a = report.artifact;
  std::string timestamp = ReportTimestamp(report);
  Json root{{"bom-ref", kRootRef}, {"type", a.type == "container_image" ? "container" : "file"}, {"name", a.name}};
  if (!a.digest.empty()) root["version"] = a.digest;
  Json root_properties = Json::array();
  AddProperty(root_properties, "artifact_type", a.type);
  AddProperty(root_properties, "os_family", a.os.family);
  AddProperty(root_properties, "os_version", a.os.version);
  for (const LayerInfo& layer : a.layers) AddProperty(root_properties, "layer_diff_id", layer.diff_id);
  if (!root_properties.empty()) root["properties"] = root_properties;

  Json components = Json::array();
  Json depends_on = Json::array();
  for (const Package& p : report.packages) {
    components.push_back(Component(p));
    depends_on.push_back(p.id);
  }
  Json doc{{"$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json"},
           {"bomFormat", "CycloneDX"},
           {"specVersion", "1.6"},
           {"serialNumber", "urn:uuid:" + ReportUuid(report, timestamp)},
           {"version", 1},
           {"metadata",
            {{"timestamp", timestamp},
             {"tools", {{"components", Json::array({{{"type", "application"}, {"name", kToolName},
                                                      {"version", kToolVersion}}})}}},
             {"component", root}}},
           {"components", components},
           {"dependencies", Json::array({{{"ref", kRootRef}, {"dependsOn", depends_on}}})}};
  // Package-level edges are not catalogued yet; each package gets an entry so the graph is complete.
  for (const Package& p : report.packages) doc["dependencies"].push_back({{"ref", p.id}});
  if (!report.vulnerabilities.empty()) {
    Json vulnerabilities = Json::array();
    for (const Finding& f : report.vulnerabilities) vulnerabilities.push_back(Vulnerability(f));
    doc["vulnerabilities"] = vulnerabilities;
  }
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace drydock
