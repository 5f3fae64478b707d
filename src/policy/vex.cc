// VEX input: OpenVEX documents and CycloneDX VEX (a BOM whose vulnerabilities carry analysis), read into one
// statement shape. CycloneDX analysis states are mapped onto OpenVEX's four statuses.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "policy/policy.h"
#include "common/bounded_json.h"
#include "common/file.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// A product is a purl string (v0.0.1) or {"@id", "subcomponents": [{"@id"}]} (v0.2.0). Subcomponents, when
// given, are what the statement is about; an image purl (pkg:oci/...) alone means every package in it.
void AddProducts(const Json& product, std::vector<std::string>& out) {
  if (product.is_string()) {
    out.push_back(product.get<std::string>());
    return;
  }
  if (!product.is_object()) return;
  auto subcomponents = product.find("subcomponents");
  if (subcomponents != product.end() && subcomponents->is_array() && !subcomponents->empty()) {
    for (const Json& sub : *subcomponents) AddProducts(sub.is_object() ? sub.value("@id", Json()) : sub, out);
    return;
  }
  std::string id = JsonString(product, "@id");
  if (id.starts_with("pkg:oci/") || id.starts_with("pkg:docker/")) id = "*";
  if (!id.empty()) out.push_back(id);
}

// An advisory id from an OpenVEX IRI: "https://nvd.nist.gov/vuln/detail/CVE-2023-38545",
// "https://www.cve.org/CVERecord?id=CVE-2023-38545", "https://pkg.go.dev/vuln/GO-2023-2102" or the bare id.
// Empty when the IRI ends in anything but an id ("PREFIX-..." of letters, digits, '-', ':', '.', '_').
std::string IdFromIri(std::string_view iri) {
  std::size_t cut = iri.find_last_of("/=#");
  std::string_view id = cut == std::string_view::npos ? iri : iri.substr(cut + 1);
  for (std::string_view extension : {".html", ".json"}) {
    if (id.ends_with(extension)) id.remove_suffix(extension.size());
  }
  const std::size_t dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size()) return "";
  for (std::size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    const bool prefix_ok = std::isupper(c) || std::isdigit(c);
    const bool ok = std::isalnum(c) || c == '-' || c == ':' || c == '.' || c == '_';
    if (i < dash ? !prefix_ok : !ok) return "";
  }
  return std::string(id);
}

// OpenVEX's vulnerability: a string (v0.0.1) or {"name", "@id", "aliases"} (v0.2.0). `name` is required by the
// schema but documents written by hand give only the @id; either is the id, the rest are aliases.
void ReadVulnerability(const Json& vulnerability, VexStatement& statement) {
  if (vulnerability.is_string()) {
    statement.vulnerability = vulnerability.get<std::string>();
    return;
  }
  if (!vulnerability.is_object()) return;
  statement.vulnerability = JsonString(vulnerability, "name");
  if (std::string from_iri = IdFromIri(JsonString(vulnerability, "@id")); !from_iri.empty()) {
    if (statement.vulnerability.empty()) statement.vulnerability = from_iri;
    else if (from_iri != statement.vulnerability) statement.aliases.push_back(from_iri);
  }
  auto aliases = vulnerability.find("aliases");
  if (aliases == vulnerability.end() || !aliases->is_array()) return;
  for (const Json& alias : *aliases) {
    if (!alias.is_string()) continue;
    const std::string text = alias.get<std::string>();
    std::string id = text.find("://") == std::string::npos ? text : IdFromIri(text);
    if (!id.empty() && id != statement.vulnerability &&
        std::find(statement.aliases.begin(), statement.aliases.end(), id) == statement.aliases.end()) {
      statement.aliases.push_back(std::move(id));
    }
  }
}

Result<std::vector<VexStatement>> FromOpenVex(const Json& doc, std::string_view file) {
  auto statements = doc.find("statements");
  if (statements == doc.end() || !statements->is_array()) return Fail("{}: OpenVEX document without `statements`", file);
  if (statements->size() > kMaxPolicyEntries) return Fail("{}: more than {} statements", file, kMaxPolicyEntries);
  std::vector<VexStatement> out;
  for (std::size_t i = 0; i < statements->size(); ++i) {
    const Json& s = (*statements)[i];
    std::string where = fmt::format("{}: statements[{}]", file, i);
    if (!s.is_object()) return Fail("{}: not an object", where);
    VexStatement statement{.status = JsonString(s, "status"), .justification = JsonString(s, "justification"),
                           .where = where};
    if (auto vulnerability = s.find("vulnerability"); vulnerability != s.end()) ReadVulnerability(*vulnerability, statement);
    if (statement.vulnerability.empty()) return Fail("{}: no vulnerability name or @id", where);
    if (std::string impact = JsonString(s, "impact_statement"); !impact.empty()) {
      statement.justification += (statement.justification.empty() ? "" : ": ") + impact;
    }
    static constexpr std::string_view kStatuses[] = {"not_affected", "affected", "fixed", "under_investigation"};
    if (std::find(std::begin(kStatuses), std::end(kStatuses), statement.status) == std::end(kStatuses)) {
      return Fail("{}: unknown status \"{}\"", where, statement.status);
    }
    if (auto products = s.find("products"); products != s.end() && products->is_array()) {
      for (const Json& product : *products) AddProducts(product, statement.products);
    }
    if (statement.products.empty()) return Fail("{}: no products", where);
    out.push_back(std::move(statement));
  }
  return out;
}

std::string CdxStatus(std::string_view state) {
  if (state == "not_affected" || state == "false_positive") return "not_affected";
  if (state == "resolved" || state == "resolved_with_pedigree") return "fixed";
  if (state == "exploitable") return "affected";
  return "under_investigation";  // in_triage, or no analysis
}

Result<std::vector<VexStatement>> FromCycloneDx(const Json& doc, std::string_view file) {
  std::map<std::string, std::string> purl_of;  // bom-ref -> purl, for refs naming this document's components
  if (auto components = doc.find("components"); components != doc.end() && components->is_array()) {
    for (const Json& c : *components) {
      if (c.is_object() && !JsonString(c, "bom-ref").empty()) purl_of[JsonString(c, "bom-ref")] = JsonString(c, "purl");
    }
  }
  std::string root_ref;
  if (auto metadata = doc.find("metadata"); metadata != doc.end() && metadata->is_object()) {
    root_ref = JsonString(metadata->value("component", Json::object()), "bom-ref");
  }
  std::vector<VexStatement> out;
  const Json& vulnerabilities = doc.at("vulnerabilities");
  if (!vulnerabilities.is_array()) return Fail("{}: `vulnerabilities` is not a list", file);
  if (vulnerabilities.size() > kMaxPolicyEntries) return Fail("{}: more than {} vulnerabilities", file, kMaxPolicyEntries);
  for (std::size_t i = 0; i < vulnerabilities.size(); ++i) {
    const Json& v = vulnerabilities[i];
    std::string where = fmt::format("{}: vulnerabilities[{}]", file, i);
    if (!v.is_object()) return Fail("{}: not an object", where);
    const Json analysis = v.value("analysis", Json::object());
    if (!analysis.is_object()) return Fail("{}: `analysis` is not an object", where);
    VexStatement statement{.vulnerability = JsonString(v, "id"), .status = CdxStatus(JsonString(analysis, "state")),
                           .justification = JsonString(analysis, "justification"), .where = where};
    if (statement.vulnerability.empty()) return Fail("{}: no `id`", where);
    if (std::string detail = JsonString(analysis, "detail"); !detail.empty()) {
      statement.justification += (statement.justification.empty() ? "" : ": ") + detail;
    }
    if (auto affects = v.find("affects"); affects != v.end() && affects->is_array()) {
      for (const Json& a : *affects) {
        if (!a.is_object()) continue;
        std::string ref = JsonString(a, "ref");
        if (std::size_t hash = ref.find('#'); ref.starts_with("urn:cdx:") && hash != std::string::npos) {
          ref = ref.substr(hash + 1);  // BOM-Link to another document's bom-ref
        }
        if (ref.empty()) continue;
        if (ref == root_ref) ref = "*";
        else if (auto purl = purl_of.find(ref); purl != purl_of.end() && !purl->second.empty()) ref = purl->second;
        statement.products.push_back(ref);
      }
    }
    if (statement.products.empty()) return Fail("{}: no `affects`", where);
    out.push_back(std::move(statement));
  }
  return out;
}

}  // namespace

Result<std::vector<VexStatement>> ParseVex(std::string_view text, std::string_view file) {
  if (text.size() > kMaxPolicyFileBytes) {
    return Fail("{}: {} bytes is over the {}-byte limit", file, text.size(), kMaxPolicyFileBytes);
  }
  try {
    auto parsed = ParseBoundedJson(text, file, kMaxPolicyFileBytes);
    if (!parsed) return std::unexpected(parsed.error());
    const Json& doc = *parsed;
    if (!doc.is_object()) return Fail("{}:1: a VEX document must be a JSON object", file);
    if (JsonString(doc, "@context").find("openvex") != std::string::npos) return FromOpenVex(doc, file);
    if (JsonString(doc, "bomFormat") == "CycloneDX") {
      if (!doc.contains("vulnerabilities")) return Fail("{}: CycloneDX document without `vulnerabilities`", file);
      return FromCycloneDx(doc, file);
    }
    return Fail("{}: neither OpenVEX (@context) nor CycloneDX (bomFormat)", file);
  } catch (const Json::exception& e) {
    return Fail("{}: {}", file, e.what());
  }
}

}  // namespace drydock
