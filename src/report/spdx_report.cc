// SPDX 2.3 JSON: the artifact as the described package, every catalogued package with its purl as an external
// reference, CONTAINS relationships from the artifact, and creation info. Findings are not part of SPDX 2.3.
#include <nlohmann/json.hpp>

#include <cctype>

#include "report/report.h"
#include "report/report_common.h"

namespace drydock {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kRootId = "SPDXRef-Artifact";
constexpr std::string_view kNamespaceBase = "https://drydock.invalid/spdx/";

// SPDXIDs allow only letters, digits, '.' and '-': everything else becomes '-'. An index keeps them unique.
std::string SpdxId(std::size_t index, const Package& p) {
  std::string id = fmt::format("SPDXRef-Package-{}-{}", p.ecosystem, p.name);
  for (std::size_t i = 8; i < id.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(id[i]);
    if (!std::isalnum(c) && c != '.' && c != '-') id[i] = '-';
  }
  return fmt::format("{}-{}", id, index);
}

// A licence list is an SPDX expression only when every entry looks like a licence id; otherwise say nothing.
std::string LicenseExpression(const std::vector<std::string>& licenses) {
  if (licenses.empty()) return "NOASSERTION";
  std::string expression;
  for (const std::string& license : licenses) {
    if (license.empty()) return "NOASSERTION";
    for (unsigned char c : license) {
      if (!std::isalnum(c) && c != '.' && c != '-' && c != '+') return "NOASSERTION";
    }
    expression += (expression.empty() ? "" : " AND ") + license;
  }
  return expression;
}

}  // namespace

void WriteSpdxJsonReport(const ScanReport& report, std::ostream& out) {
  const Artifact& a = report.artifact;
  std::string timestamp = ReportTimestamp(report);
  Json root{{"name", a.name},
            {"SPDXID", kRootId},
            {"downloadLocation", "NOASSERTION"},
            {"filesAnalyzed", false},
            {"licenseConcluded", "NOASSERTION"},
            {"licenseDeclared", "NOASSERTION"},
            {"copyrightText", "NOASSERTION"},
            {"primaryPackagePurpose", a.type == "container_image" ? "CONTAINER" : "OTHER"}};
  if (!a.digest.empty()) root["versionInfo"] = a.digest;
  Json packages = Json::array({root});
  Json relationships = Json::array(
      {{{"spdxElementId", "SPDXRef-DOCUMENT"}, {"relationshipType", "DESCRIBES"}, {"relatedSpdxElement", kRootId}}});
  for (std::size_t i = 0; i < report.packages.size(); ++i) {
    const Package& p = report.packages[i];
    std::string id = SpdxId(i + 1, p);
    std::string license = LicenseExpression(p.licenses);
    Json package{{"name", p.name},
                 {"SPDXID", id},
                 {"versionInfo", p.version},
                 {"downloadLocation", "NOASSERTION"},
                 {"filesAnalyzed", false},
                 {"licenseConcluded", "NOASSERTION"},
                 {"licenseDeclared", license},
                 {"copyrightText", "NOASSERTION"}};
    if (!p.source_name.empty()) {
      package["sourceInfo"] = fmt::format("built from source package {} {}", p.source_name,
                                          p.source_version.empty() ? p.version : p.source_version);
    }
    std::string where = fmt::format("found in {}", p.path);
    if (!p.layer_diff_id.empty()) where += fmt::format(" (layer {})", p.layer_diff_id);
    package["comment"] = where;
    if (!p.purl.empty()) {
      package["externalRefs"] = Json::array(
          {{{"referenceCategory", "PACKAGE-MANAGER"}, {"referenceType", "purl"}, {"referenceLocator", p.purl}}});
    }
    packages.push_back(package);
    relationships.push_back({{"spdxElementId", kRootId}, {"relationshipType", "CONTAINS"}, {"relatedSpdxElement", id}});
  }
  Json doc{{"spdxVersion", "SPDX-2.3"},
           {"dataLicense", "CC0-1.0"},
           {"SPDXID", "SPDXRef-DOCUMENT"},
           {"name", a.name},
           {"documentNamespace", fmt::format("{}{}", kNamespaceBase, ReportUuid(report, timestamp))},
           {"creationInfo",
            {{"created", timestamp}, {"creators", Json::array({fmt::format("Tool: {}-{}", kToolName, kToolVersion)})}}},
           {"documentDescribes", Json::array({kRootId})},
           {"packages", packages},
           {"relationships", relationships}};
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace drydock
