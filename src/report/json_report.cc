// The JSON report, schema_version 1 (DESIGN.md). Keys keep a fixed order so output is byte-reproducible.
// Packages and findings are written one at a time, never as one tree: a million dpkg packages as one
// ordered_json cost 4.9 GB. The bytes are exactly what dumping the whole tree with indent 2 would give.
#include <nlohmann/json.hpp>

#include <string_view>

#include "report/report.h"

namespace drydock {
namespace {

using Json = nlohmann::ordered_json;

// "eol": true (with the date) only when the release is past its end of security support.
Json OsJson(const Artifact& a) {
  Json os{{"family", a.os.family}, {"version", a.os.version}};
  if (!a.os_end_of_life.empty()) {
    os["eol"] = true;
    os["eol_date"] = a.os_end_of_life;
  }
  return os;
}

// The history step that made a layer ("RUN apt-get install ..."), so each package and finding names the
// Dockerfile line that brought it in; empty when the config has no history for it.
std::string CreatedBy(const Artifact& artifact, const std::string& diff_id) {
  for (const LayerInfo& layer : artifact.layers) {
    if (!diff_id.empty() && layer.diff_id == diff_id) return layer.created_by;
  }
  return "";
}

Json PackageJson(const Package& p, const Artifact& artifact) {
  Json out{{"id", p.id},
           {"name", p.name},
           {"version", p.version},
           {"ecosystem", p.ecosystem},
           {"source_name", p.source_name},
           {"source_version", p.source_version},
           {"arch", p.arch},
           {"purl", p.purl},
           {"licenses", p.licenses},
           {"layer_diff_id", p.layer_diff_id},
           {"layer_created_by", CreatedBy(artifact, p.layer_diff_id)},
           {"path", p.path}};
  if (p.base) out["base"] = true;  // only when set, like "dev"
  if (p.dev) out["dev"] = true;  // only when set: the schema stays as it was for every other package
  if (!p.module.empty()) out["module"] = p.module;  // rpm module stream "name:stream", likewise only when set
  return out;
}

Json FindingJson(const Finding& f, const Artifact& artifact) {
  Json out{{"id", f.id},
           {"aliases", f.aliases},
           {"package_id", f.package_id},
           {"package_name", f.package_name},
           {"installed_version", f.installed_version},
           {"fixed_version", f.fixed_version},
           {"status", f.status},
           {"severity", f.severity},
           {"severity_source", f.severity_source},
           {"cvss", f.cvss},
           {"title", f.title},
           {"data_source", f.data_source},
           {"layer_diff_id", f.layer_diff_id},
           {"layer_created_by", CreatedBy(artifact, f.layer_diff_id)},
           {"path", f.path},
           {"match",
            {{"by", f.match.by},
             {"ecosystem", f.match.ecosystem},
             {"range", f.match.range},
             {"record", f.match.record}}}};
  // Only when known, like "dev": reports of a DB without EPSS/KEV data keep their shape.
  if (f.kev) out["kev"] = true;
  if (f.epss) out["epss"] = *f.epss;
  if (f.epss_percentile) out["epss_percentile"] = *f.epss_percentile;
  if (f.base) out["base"] = true;  // only when set: reports without a base keep their shape
  return out;
}

Json BaseImageJson(const BaseImageInfo& base) {
  Json candidates = Json::array();
  for (const BaseImageCandidate& c : base.candidates) {
    candidates.push_back(
        {{"name", c.name}, {"tag", c.tag}, {"digest", c.digest}, {"created", c.created}, {"current", c.current}});
  }
  Json out{{"name", base.name},     {"tag", base.tag},       {"digest", base.digest},
           {"source", base.source}, {"layers", base.layers}, {"candidates", candidates}};
  if (!base.reason.empty()) out["reason"] = base.reason;
  if (!base.created.empty()) out["created"] = base.created;
  if (base.size_bytes > 0) out["size_bytes"] = base.size_bytes;
  if (!base.advised) return out;
  // Only with --base-advice: reports without it keep their shape.
  Json advice = Json::array();
  for (const BaseAdviceOption& o : base.advice) {
    Json option{{"kind", o.kind}, {"name", o.name}, {"tag", o.tag}, {"digest", o.digest}, {"created", o.created}};
    if (!o.error.empty()) {
      option["error"] = o.error;
    } else {
      option["findings"] = {{"total", o.findings_total}, {"by_severity", o.findings}};
      option["removed"] = {{"total", o.removed_total}, {"by_severity", o.removed}};
      option["added"] = {{"total", o.added_total}, {"by_severity", o.added}};
      option["os"] = o.os;
      option["end_of_life"] = o.end_of_life;
      if (!o.end_of_life_date.empty()) option["end_of_life_date"] = o.end_of_life_date;
    }
    option["size_delta_bytes"] = o.size_delta_bytes ? Json(*o.size_delta_bytes) : Json();
    advice.push_back(std::move(option));
  }
  out["advice"] = std::move(advice);
  return out;
}

// Writes `value` as dump(2) would inside an array nested one level below the top: every line shifted by
// four spaces. Dumped strings never hold a raw newline (JSON escapes it), so each '\n' is a line break.
void WriteNested(const Json& value, std::ostream& out) {
  const std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
  out << "    ";
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    out.write(text.data() + start, static_cast<std::streamsize>(nl + 1 - start));
    out << "    ";
  }
  out.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
}

template <class Items, class ToJson>
void WriteArray(const Items& items, const ToJson& to_json, std::ostream& out) {
  if (items.empty()) {
    out << "[]";
    return;
  }
  out << "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out << ",\n";
    WriteNested(to_json(items[i]), out);
  }
  out << "\n  ]";
}

}  // namespace

void WriteJsonReport(const ScanReport& report, std::ostream& out) {
  const Artifact& a = report.artifact;
  Json layers = Json::array();
  for (const LayerInfo& layer : a.layers) {
    layers.push_back({{"digest", layer.digest}, {"diff_id", layer.diff_id}, {"created_by", layer.created_by}});
  }
  Json errors = Json::array();
  for (const ScanError& e : report.errors) {
    errors.push_back({{"stage", e.stage}, {"path", e.path}, {"message", e.message}});
  }
  Json secrets = Json::array();
  for (const SecretFinding& s : report.secrets) {
    secrets.push_back({{"rule_id", s.rule_id}, {"category", s.category}, {"severity", s.severity},
                       {"title", s.title}, {"source", s.source}, {"path", s.path}, {"line", s.line},
                       {"layer_diff_id", s.layer_diff_id}, {"match", s.match},
                       {"removed_in_layer", s.removed_in_layer}});
  }
  Json misconfigurations = Json::array();
  for (const Misconfiguration& m : report.misconfigurations) {
    misconfigurations.push_back({{"id", m.id}, {"severity", m.severity}, {"title", m.title},
                                 {"evidence", m.evidence}, {"path", m.path}, {"line", m.line},
                                 {"layer_diff_id", m.layer_diff_id}});
  }
  Json doc{{"schema_version", kReportSchemaVersion},
           {"artifact",
            {{"name", a.name},
             {"type", a.type},
             {"digest", a.digest},
             {"os", OsJson(a)},
             {"layers", layers},
             {"config",
              {{"user", a.config.user},
               {"env_names", a.config.env_names},
               {"exposed_ports", a.config.exposed_ports},
               {"entrypoint", a.config.entrypoint},
               {"cmd", a.config.cmd},
               {"created", a.config.created},
               {"labels", a.config.labels}}}}},
           {"packages", Json::array()},  // streamed in below
           {"vulnerabilities", Json::array()},
           {"errors", errors},
           {"secrets", secrets},
           {"misconfigurations", misconfigurations}};
  if (a.base_image) doc["artifact"]["base_image"] = BaseImageJson(*a.base_image);
  // Only with --show-suppressed (the CLI empties it otherwise), so the default report keeps its shape.
  if (!report.suppressed.empty()) {
    Json suppressed = Json::array();
    for (const SuppressedFinding& s : report.suppressed) {
      Json entry = FindingJson(s.finding, a);
      entry["suppressed_by"] = s.by;
      entry["suppression"] = s.status;
      entry["justification"] = s.justification;
      suppressed.push_back(entry);
    }
    doc["suppressed"] = suppressed;
  }
  // Only with --vex oci / --sbom-source oci, so other reports keep their shape.
  if (!report.attestations.empty()) {
    Json attestations = Json::array();
    for (const AttestationUse& a : report.attestations) {
      attestations.push_back({{"source", a.source}, {"predicate_type", a.predicate_type}, {"used", a.used},
                              {"detail", a.detail}});
    }
    doc["attestations"] = attestations;
  }
  // Only with --policy, so reports without one keep their shape.
  if (report.policy) {
    Json rules = Json::array();
    for (const PolicyRuleResult& r : report.policy->rules) {
      rules.push_back({{"id", r.id}, {"severity", r.severity}, {"message", r.message}, {"action", r.action},
                       {"passed", r.passed}, {"evidence", r.evidence}});
    }
    doc["policy"] = {{"file", report.policy->file}, {"passed", report.policy->passed}, {"rules", rules}};
  }
  // Invalid UTF-8 from image files is replaced rather than aborting the report. The two large arrays were
  // dumped empty; a top-level key sits at the start of a line indented two spaces, which no string can fake.
  const std::string text = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  const std::string_view all(text);
  // Where each placeholder's "[]" starts and ends in `all`.
  auto placeholder = [&](std::string_view key, std::size_t from) {
    const std::string marker = fmt::format("\n  \"{}\": [],", key);
    const std::size_t at = all.find(marker, from) + marker.size() - 3;
    return std::pair{at, at + 2};
  };
  const auto [packages_open, packages_end] = placeholder("packages", 0);
  const auto [findings_open, findings_end] = placeholder("vulnerabilities", packages_end);
  out << all.substr(0, packages_open);
  WriteArray(report.packages, [&](const Package& p) { return PackageJson(p, a); }, out);
  out << all.substr(packages_end, findings_open - packages_end);
  WriteArray(report.vulnerabilities, [&](const Finding& f) { return FindingJson(f, a); }, out);
  out << all.substr(findings_end) << '\n';
}

}  // namespace drydock
