// The JSON report (schema_version 1) read back into a ScanReport: the server keeps reports as this JSON, and
// judging a stored image by policy or writing its SBOM in another format needs the values again. The inverse
// of json_report.cc: every field that writer emits is read; missing optional members keep their defaults.
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "report/report.h"

namespace drydock {
namespace {

using nlohmann::json;

std::vector<std::string> Strings(const json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const json& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

bool Flag(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::size_t Count(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

std::optional<double> Number(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

const json& Member(const json& object, const char* key) {
  static const json kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The members of object[key] that are objects: a list the writer always emits, read defensively.
std::vector<const json*> Objects(const json& object, const char* key) {
  std::vector<const json*> out;
  const json& list = Member(object, key);
  if (!list.is_array()) return out;
  for (const json& item : list) {
    if (item.is_object()) out.push_back(&item);
  }
  return out;
}

Finding ReadFinding(const json& f) {
  Finding out{.id = JsonString(f, "id"),
              .aliases = Strings(f, "aliases"),
              .package_id = JsonString(f, "package_id"),
              .package_name = JsonString(f, "package_name"),
              .installed_version = JsonString(f, "installed_version"),
              .fixed_version = JsonString(f, "fixed_version"),
              .status = JsonString(f, "status"),
              .severity = JsonString(f, "severity"),
              .severity_source = JsonString(f, "severity_source"),
              .cvss = JsonString(f, "cvss"),
              .kev = Flag(f, "kev"),
              .epss = Number(f, "epss"),
              .epss_percentile = Number(f, "epss_percentile"),
              .title = JsonString(f, "title"),
              .data_source = JsonString(f, "data_source"),
              .layer_diff_id = JsonString(f, "layer_diff_id"),
              .path = JsonString(f, "path"),
              .match = {},
              .base = Flag(f, "base")};
  const json& match = Member(f, "match");
  out.match = {.by = JsonString(match, "by"), .ecosystem = JsonString(match, "ecosystem"),
               .range = JsonString(match, "range"), .record = JsonString(match, "record")};
  return out;
}

Package ReadPackage(const json& p) {
  return {.id = JsonString(p, "id"),
          .name = JsonString(p, "name"),
          .version = JsonString(p, "version"),
          .ecosystem = JsonString(p, "ecosystem"),
          .source_name = JsonString(p, "source_name"),
          .source_version = JsonString(p, "source_version"),
          .arch = JsonString(p, "arch"),
          .module = JsonString(p, "module"),
          .purl = JsonString(p, "purl"),
          .licenses = Strings(p, "licenses"),
          .layer_diff_id = JsonString(p, "layer_diff_id"),
          .path = JsonString(p, "path"),
          .dev = Flag(p, "dev"),
          .base = Flag(p, "base")};
}

Artifact ReadArtifact(const json& a) {
  Artifact out{.name = JsonString(a, "name"), .type = JsonString(a, "type"), .digest = JsonString(a, "digest")};
  const json& os = Member(a, "os");
  out.os.family = JsonString(os, "family");
  out.os.version = JsonString(os, "version");
  out.os_end_of_life = JsonString(os, "eol_date");
  for (const json* layer : Objects(a, "layers")) {
    out.layers.push_back({JsonString(*layer, "digest"), JsonString(*layer, "diff_id"), JsonString(*layer, "created_by")});
  }
  const json& config = Member(a, "config");
  out.config = {.user = JsonString(config, "user"),
                .env_names = Strings(config, "env_names"),
                .exposed_ports = Strings(config, "exposed_ports"),
                .entrypoint = Strings(config, "entrypoint"),
                .cmd = Strings(config, "cmd"),
                .created = JsonString(config, "created"),
                .labels = {}};
  if (const json& labels = Member(config, "labels"); labels.is_object()) {
    for (const auto& [key, value] : labels.items()) {
      if (value.is_string()) out.config.labels[key] = value.get<std::string>();
    }
  }
  if (const json& base = Member(a, "base_image"); base.is_object()) {
    BaseImageInfo info{.name = JsonString(base, "name"), .tag = JsonString(base, "tag"),
                       .digest = JsonString(base, "digest"), .source = JsonString(base, "source"),
                       .layers = Count(base, "layers"), .candidates = {}};
    for (const json* c : Objects(base, "candidates")) {
      auto current = c->find("current");
      info.candidates.push_back({JsonString(*c, "name"), JsonString(*c, "tag"), JsonString(*c, "digest"),
                                 JsonString(*c, "created"), current == c->end() || !current->is_boolean() || current->get<bool>()});
    }
    out.base_image = std::move(info);
  }
  return out;
}

}  // namespace

Result<ScanReport> ReadJsonReport(std::string_view text, std::size_t max_bytes) {
  auto doc = ParseBoundedJson(text, "JSON report", max_bytes);
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return FailWith(ErrorCode::kInvalidInput, "JSON report is not an object");
  const json& schema = Member(*doc, "schema_version");
  if (!schema.is_number_integer() || schema.get<int>() != kReportSchemaVersion) {
    return FailWith(ErrorCode::kInvalidInput, "JSON report has schema_version {}, not {}", schema.dump(),
                    kReportSchemaVersion);
  }
  if (!Member(*doc, "artifact").is_object()) return FailWith(ErrorCode::kInvalidInput, "JSON report has no artifact");
  ScanReport report;
  report.artifact = ReadArtifact((*doc)["artifact"]);
  for (const json* p : Objects(*doc, "packages")) report.packages.push_back(ReadPackage(*p));
  for (const json* f : Objects(*doc, "vulnerabilities")) report.vulnerabilities.push_back(ReadFinding(*f));
  for (const json* e : Objects(*doc, "errors")) {
    report.errors.push_back({JsonString(*e, "stage"), JsonString(*e, "path"), JsonString(*e, "message")});
  }
  for (const json* s : Objects(*doc, "secrets")) {
    report.secrets.push_back({.rule_id = JsonString(*s, "rule_id"), .category = JsonString(*s, "category"),
                              .severity = JsonString(*s, "severity"), .title = JsonString(*s, "title"),
                              .source = JsonString(*s, "source"), .path = JsonString(*s, "path"),
                              .line = Count(*s, "line"), .layer_diff_id = JsonString(*s, "layer_diff_id"),
                              .match = JsonString(*s, "match"), .removed_in_layer = JsonString(*s, "removed_in_layer")});
  }
  for (const json* m : Objects(*doc, "misconfigurations")) {
    report.misconfigurations.push_back({.id = JsonString(*m, "id"), .severity = JsonString(*m, "severity"),
                                        .title = JsonString(*m, "title"), .evidence = JsonString(*m, "evidence"),
                                        .path = JsonString(*m, "path"), .line = Count(*m, "line"),
                                        .layer_diff_id = JsonString(*m, "layer_diff_id")});
  }
  for (const json* s : Objects(*doc, "suppressed")) {
    report.suppressed.push_back({.finding = ReadFinding(*s), .by = JsonString(*s, "suppressed_by"),
                                 .status = JsonString(*s, "suppression"),
                                 .justification = JsonString(*s, "justification")});
  }
  if (const json& policy = Member(*doc, "policy"); policy.is_object()) {
    PolicyVerdict verdict{.file = JsonString(policy, "file"), .passed = !Member(policy, "passed").is_boolean() ||
                                                                        policy["passed"].get<bool>(), .rules = {}};
    for (const json* r : Objects(policy, "rules")) {
      verdict.rules.push_back({.id = JsonString(*r, "id"), .severity = JsonString(*r, "severity"),
                               .message = JsonString(*r, "message"), .action = JsonString(*r, "action"),
                               .passed = Flag(*r, "passed"), .evidence = Strings(*r, "evidence")});
    }
    report.policy = std::move(verdict);
  }
  return report;
}

}  // namespace drydock
