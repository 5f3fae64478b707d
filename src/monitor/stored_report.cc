#include "monitor/stored_report.h"

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"

namespace drydock {
namespace {

using json = nlohmann::json;

// Reads members of one JSON object into a struct, remembering the first member of the wrong type. Missing
// members are defaults (older reports lack newer optional fields); a present member must have its type.
class Fields {
 public:
  Fields(const json& object, std::string path, std::string& error) : object_(object), path_(std::move(path)),
                                                                      error_(error) {
    if (!object_.is_object()) Bad("", "an object");
  }

  void Str(const char* key, std::string& out) {
    if (const json* v = Find(key); v != nullptr) {
      if (v->is_string()) out = v->get_ref<const std::string&>();
      else Bad(key, "a string");
    }
  }
  void Strs(const char* key, std::vector<std::string>& out) {
    if (const json* v = Find(key); v != nullptr) {
      if (!v->is_array()) return Bad(key, "an array of strings");
      for (const json& s : *v) {
        if (!s.is_string()) return Bad(key, "an array of strings");
        out.push_back(s.get<std::string>());
      }
    }
  }
  void Bool(const char* key, bool& out) {
    if (const json* v = Find(key); v != nullptr) {
      if (v->is_boolean()) out = v->get<bool>();
      else Bad(key, "true or false");
    }
  }
  template <class N>
  void Number(const char* key, N& out) {
    if (const json* v = Find(key); v != nullptr) {
      if (v->is_number()) out = v->get<N>();
      else Bad(key, "a number");
    }
  }
  void OptionalNumber(const char* key, std::optional<double>& out) {
    if (Find(key) != nullptr) {
      double value = 0;
      Number(key, value);
      out = value;
    }
  }
  // Each element of the array at `key`, with its path ("packages[3]").
  template <class F>
  void Each(const char* key, F&& each) {
    const json* v = Find(key);
    if (v == nullptr) return;
    if (!v->is_array()) return Bad(key, "an array");
    for (std::size_t i = 0; i < v->size() && error_.empty(); ++i) {
      each((*v)[i], fmt::format("{}{}[{}]", Prefix(), key, i));
    }
  }
  const json* Find(const char* key) const {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string Prefix() const { return path_.empty() ? "" : path_ + "."; }

 private:
  void Bad(std::string_view key, std::string_view expected) {
    if (!error_.empty()) return;
    error_ = key.empty() ? fmt::format("{}: expected {}", path_.empty() ? "report" : path_, expected)
                         : fmt::format("{}{}: expected {}", Prefix(), key, expected);
  }
  const json& object_;
  std::string path_;
  std::string& error_;
};

void ReadArtifact(const json& j, Artifact& a, std::string& error) {
  Fields f(j, "artifact", error);
  f.Str("name", a.name);
  f.Str("type", a.type);
  f.Str("digest", a.digest);
  if (const json* os = f.Find("os")) {
    Fields o(*os, "artifact.os", error);
    o.Str("family", a.os.family);
    o.Str("version", a.os.version);
    o.Str("eol_date", a.os_end_of_life);
  }
  f.Each("layers", [&](const json& l, std::string path) {
    LayerInfo& layer = a.layers.emplace_back();
    Fields lf(l, std::move(path), error);
    lf.Str("digest", layer.digest);
    lf.Str("diff_id", layer.diff_id);
    lf.Str("created_by", layer.created_by);
  });
  if (const json* config = f.Find("config")) {
    Fields c(*config, "artifact.config", error);
    c.Str("user", a.config.user);
    c.Strs("env_names", a.config.env_names);
    c.Strs("exposed_ports", a.config.exposed_ports);
    c.Strs("entrypoint", a.config.entrypoint);
    c.Strs("cmd", a.config.cmd);
    c.Str("created", a.config.created);
    if (const json* labels = c.Find("labels")) {
      if (!labels->is_object()) {
        if (error.empty()) error = "artifact.config.labels: expected an object";
      } else {
        for (const auto& [key, value] : labels->items()) {
          if (value.is_string()) a.config.labels.emplace(key, value.get<std::string>());
        }
      }
    }
  }
  if (const json* base = f.Find("base_image")) {
    BaseImageInfo& b = a.base_image.emplace();
    Fields bf(*base, "artifact.base_image", error);
    bf.Str("name", b.name);
    bf.Str("tag", b.tag);
    bf.Str("digest", b.digest);
    bf.Str("source", b.source);
    bf.Str("reason", b.reason);
    bf.Str("created", b.created);
    bf.Number("layers", b.layers);
    bf.Number("size_bytes", b.size_bytes);
    bf.Each("candidates", [&](const json& c, std::string path) {
      BaseImageCandidate& candidate = b.candidates.emplace_back();
      Fields cf(c, std::move(path), error);
      cf.Str("name", candidate.name);
      cf.Str("tag", candidate.tag);
      cf.Str("digest", candidate.digest);
      cf.Str("created", candidate.created);
      cf.Bool("current", candidate.current);
    });
  }
}

void ReadPackage(const json& j, std::string path, Package& p, std::string& error) {
  Fields f(j, std::move(path), error);
  f.Str("id", p.id);
  f.Str("name", p.name);
  f.Str("version", p.version);
  f.Str("ecosystem", p.ecosystem);
  f.Str("source_name", p.source_name);
  f.Str("source_version", p.source_version);
  f.Str("arch", p.arch);
  f.Str("module", p.module);
  f.Str("purl", p.purl);
  f.Strs("licenses", p.licenses);
  f.Str("layer_diff_id", p.layer_diff_id);
  f.Str("path", p.path);
  f.Bool("dev", p.dev);
  f.Bool("base", p.base);
}

void ReadFinding(const json& j, std::string path, Finding& v, std::string& error) {
  Fields f(j, path, error);
  f.Str("id", v.id);
  f.Strs("aliases", v.aliases);
  f.Str("package_id", v.package_id);
  f.Str("package_name", v.package_name);
  f.Str("installed_version", v.installed_version);
  f.Str("fixed_version", v.fixed_version);
  f.Str("status", v.status);
  f.Str("severity", v.severity);
  f.Str("severity_source", v.severity_source);
  f.Str("cvss", v.cvss);
  f.Str("title", v.title);
  f.Str("data_source", v.data_source);
  f.Str("layer_diff_id", v.layer_diff_id);
  f.Str("path", v.path);
  f.Bool("kev", v.kev);
  f.OptionalNumber("epss", v.epss);
  f.OptionalNumber("epss_percentile", v.epss_percentile);
  f.Bool("base", v.base);
  if (const json* match = f.Find("match")) {
    Fields m(*match, path + ".match", error);
    m.Str("by", v.match.by);
    m.Str("ecosystem", v.match.ecosystem);
    m.Str("range", v.match.range);
    m.Str("record", v.match.record);
  }
}

}  // namespace

Result<ScanReport> ReadStoredReport(std::string_view text, std::string_view name) {
  auto doc = ParseBoundedJson(text, fmt::format("report {}", name), kMaxStoredReportBytes);
  if (!doc) return std::unexpected(doc.error());
  std::string error;
  ScanReport report;
  Fields top(*doc, "", error);
  if (!error.empty()) return FailWith(ErrorCode::kInvalidInput, "report {}: not a JSON object", name);
  int schema = 0;
  top.Number("schema_version", schema);
  if (error.empty() && schema != kReportSchemaVersion) {
    return FailWith(ErrorCode::kInvalidInput, "report {}: schema_version {}, expected {}", name, schema,
                    kReportSchemaVersion);
  }
  if (const json* artifact = top.Find("artifact")) ReadArtifact(*artifact, report.artifact, error);
  top.Each("packages", [&](const json& p, std::string path) {
    Package package;
    ReadPackage(p, std::move(path), package, error);
    report.packages.push_back(package);
  });
  top.Each("vulnerabilities", [&](const json& v, std::string path) {
    ReadFinding(v, std::move(path), report.vulnerabilities.emplace_back(), error);
  });
  top.Each("errors", [&](const json& e, std::string path) {
    ScanError& entry = report.errors.emplace_back();
    Fields f(e, std::move(path), error);
    f.Str("stage", entry.stage);
    f.Str("path", entry.path);
    f.Str("message", entry.message);
  });
  top.Each("secrets", [&](const json& s, std::string path) {
    SecretFinding& entry = report.secrets.emplace_back();
    Fields f(s, std::move(path), error);
    f.Str("rule_id", entry.rule_id);
    f.Str("category", entry.category);
    f.Str("severity", entry.severity);
    f.Str("title", entry.title);
    f.Str("source", entry.source);
    f.Str("path", entry.path);
    f.Number("line", entry.line);
    f.Str("layer_diff_id", entry.layer_diff_id);
    f.Str("match", entry.match);
    f.Str("removed_in_layer", entry.removed_in_layer);
  });
  top.Each("misconfigurations", [&](const json& m, std::string path) {
    Misconfiguration& entry = report.misconfigurations.emplace_back();
    Fields f(m, std::move(path), error);
    f.Str("id", entry.id);
    f.Str("severity", entry.severity);
    f.Str("title", entry.title);
    f.Str("evidence", entry.evidence);
    f.Str("path", entry.path);
    f.Number("line", entry.line);
    f.Str("layer_diff_id", entry.layer_diff_id);
  });
  if (!error.empty()) return FailWith(ErrorCode::kInvalidInput, "report {}: {}", name, error);
  return report;
}

}  // namespace drydock
