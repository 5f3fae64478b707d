// One OSV JSON record -> Advisory (https://ossf.github.io/osv-schema/).
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/package_name.h"
#include "vulndb/cvss.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

// The string at obj[key], or "" when absent; a present value of another type is malformed, so it throws
// (caught by ParseOsvRecord) rather than being silently ignored.
std::string OptString(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  return it->get<std::string>();
}

const json* OptObject(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? &*it : nullptr;
}

// The array at obj[key] (empty when absent); any other type is malformed.
const json& OptArray(const json& obj, const char* key) {
  static const json kEmpty = json::array();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return kEmpty;
  if (!it->is_array()) throw std::invalid_argument(std::string(key) + " is not an array");
  return *it;
}

std::vector<std::string> OptStrings(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  return it->get<std::vector<std::string>>();
}

std::string FirstLine(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  text.remove_prefix(start);
  return std::string(text.substr(0, text.find_first_of("\r\n")));
}

// OSV events are an ordered list: introduced a, fixed b, introduced c, last_affected d, ... Each upper bound
// closes the open interval; an interval left open at the end is still affected. Every interval keeps the
// range's type and its "limit" events, which bound the whole range (OSV schema, "Evaluation").
// Events are taken in the order written: the schema asks producers to sort them, every feed here does, and
// sorting would need the ecosystem's version order, which is the match stage's.
void AppendRanges(const json& range, std::vector<AffectedRange>& out) {
  const std::string type = OptString(range, "type");
  const json& events = OptArray(range, "events");
  std::vector<std::string> limits;
  for (const json& event : events) {
    if (!event.is_object()) throw std::invalid_argument("event is not an object");
    if (event.contains("limit")) limits.push_back(OptString(event, "limit"));
  }
  std::optional<AffectedRange> open;
  auto interval = [&](std::string introduced) { return AffectedRange{std::move(introduced), "", "", type, limits}; };
  for (const json& event : events) {
    if (event.contains("introduced")) {
      if (open) out.push_back(*open);
      open = interval(OptString(event, "introduced"));
    } else if (event.contains("fixed") || event.contains("last_affected")) {
      AffectedRange bounded = open.value_or(interval("0"));
      bounded.fixed = OptString(event, "fixed");
      bounded.last_affected = OptString(event, "last_affected");
      out.push_back(std::move(bounded));
      open.reset();
    }
  }
  if (open) out.push_back(*open);
}

// ecosystem_specific.rpm_modularity when it is a string; any other value says nothing.
std::string RpmModularity(const json& entry) {
  const json* specific = OptObject(entry, "ecosystem_specific");
  if (!specific) return "";
  auto it = specific->find("rpm_modularity");
  return it != specific->end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<Affected> ParseAffected(const json& entry, std::string_view summary) {
  if (!entry.is_object()) throw std::invalid_argument("affected entry is not an object");
  const json* package = OptObject(entry, "package");
  if (!package) return std::nullopt;  // a GIT-only entry names no package to match
  Affected affected;
  affected.ecosystem = NormalizeOsvEcosystem(OptString(*package, "ecosystem"));
  affected.package = OptString(*package, "name");
  // PyPI, NuGet, Packagist... names are one package however they are spelled; the matcher looks them up so too.
  affected.package = NormalizeOsvPackageName(affected.ecosystem, affected.package);
  if (affected.ecosystem.empty() || affected.package.empty()) throw std::invalid_argument("package without name");
  for (const json& range : OptArray(entry, "ranges")) {
    if (!range.is_object()) throw std::invalid_argument("range is not an object");
    const std::string type = OptString(range, "type");
    if (type == "ECOSYSTEM" || type == "SEMVER") AppendRanges(range, affected.ranges);
  }
  affected.versions = OptStrings(entry, "versions");
  if (affected.ranges.empty() && affected.versions.empty()) return std::nullopt;
  // A module stream's build is keyed apart from the plain package of that name, as the matcher looks it up.
  if (std::string module = OsvRpmModule(affected.ecosystem, RpmModularity(entry), summary, affected.ranges);
      !module.empty()) {
    affected.package = ModularPackageKey(module, affected.package);
  }
  const bool has_fix = std::any_of(affected.ranges.begin(), affected.ranges.end(),
                                   [](const AffectedRange& r) { return !r.fixed.empty(); });
  affected.status = has_fix ? "fixed" : "affected";
  return affected;
}

// Vendor word first (per-package, record-wide, or a severity[] entry of a vendor type such as Ubuntu's
// {"type": "Ubuntu", "score": "medium"}), else the rating of the first CVSS v3 vector.
void SetSeverity(const json& record, Advisory& advisory) {
  std::string word;
  auto take_word = [&word](const json* holder) {
    if (!holder || !word.empty()) return;
    if (auto it = holder->find("severity"); it != holder->end() && it->is_string()) word = *it;
  };
  for (const json& entry : OptArray(record, "affected")) take_word(OptObject(entry, "ecosystem_specific"));
  take_word(OptObject(record, "database_specific"));
  for (const json& severity : OptArray(record, "severity")) {
    const std::string type = OptString(severity, "type");
    if (advisory.cvss.empty() && type.starts_with("CVSS_V3")) advisory.cvss = OptString(severity, "score");
    if (word.empty() && !type.starts_with("CVSS_")) word = OptString(severity, "score");
  }
  advisory.severity = NormalizeSeverityWord(word);
  if (advisory.severity == "UNKNOWN" && !advisory.cvss.empty()) {
    // A 0.0 ("NONE") score stays UNKNOWN: the DB's words are CRITICAL..LOW.
    if (auto score = CvssV3BaseScore(advisory.cvss); score && *score > 0) advisory.severity = CvssRating(*score);
  }
  if (advisory.severity != "UNKNOWN") {
    const std::string& ecosystem = advisory.affected.front().ecosystem;
    advisory.severity_source = "osv:" + ecosystem.substr(0, ecosystem.find(':'));
  }
}

}  // namespace

std::string NormalizeOsvEcosystem(std::string_view ecosystem) {
  if (ecosystem.starts_with("Ubuntu:") && ecosystem.ends_with(":LTS")) ecosystem.remove_suffix(4);
  return std::string(ecosystem);
}

Result<std::optional<Advisory>> ParseOsvRecord(std::string_view text, std::string* modified) {
  auto parsed = ParseBoundedJson(text, "document", kMaxOsvRecordBytes, kMaxJsonDepth);
  if (!parsed) return std::unexpected(parsed.error());
  const json record = std::move(*parsed);
  if (!record.is_object()) return Fail("not a JSON object");
  try {
    if (record.contains("withdrawn") && !record["withdrawn"].is_null()) return std::optional<Advisory>{};
    Advisory advisory;
    advisory.id = OptString(record, "id");
    if (advisory.id.empty()) return Fail("no id");
    advisory.aliases = OptStrings(record, "aliases");
    advisory.summary = OptString(record, "summary");
    if (advisory.summary.empty()) advisory.summary = FirstLine(OptString(record, "details"));
    advisory.data_source = "osv";
    for (const json& entry : OptArray(record, "affected")) {
      if (auto affected = ParseAffected(entry, advisory.summary)) advisory.affected.push_back(std::move(*affected));
    }
    // Only GIT ranges (OSS-Fuzz style): nothing a package version can be compared with.
    if (advisory.affected.empty()) return std::optional<Advisory>{};
    SetSeverity(record, advisory);
    if (modified) *modified = OptString(record, "modified");
    return std::optional<Advisory>(std::move(advisory));
  } catch (const std::exception& e) {  // nlohmann type_error/out_of_range, invalid_argument above
    return Fail("malformed record: {}", e.what());
  }
}

}  // namespace drydock
