// ReadCsafVexFeed: Red Hat's CSAF VEX documents (one per CVE, security.access.redhat.com/data/csaf/v2/vex/)
// -> advisories for RHEL rpm packages.
//
// DB key: "Red Hat:<major>" (e.g. "Red Hat:9"), one advisory per (CVE, major) with data_source
// "redhat-csaf-vex el<major>". A product status entry "PLATFORM:COMPONENT" counts only when PLATFORM's CPE
// is cpe:/[ao]:redhat:enterprise_linux:<major>[:...] (BaseOS, AppStream, CRB, and the MAIN.EUS streams that
// share it): the streams a UBI or RHEL image is updated from. EUS/AUS/E4S CPEs (rhel_eus:9.0) and layered
// products (OpenShift, Satellite, JBCS) are other products and are not filed under the OS key.
//
//   fixed          -> the component's source RPM (purl arch=src) gets range [0, [epoch:]version-release)
//   known_affected -> the component (by name) gets range [0, ...) with the remediation's status:
//                     no_fix_planned -> "will_not_fix" ("Out of support scope" -> "end_of_life"),
//                     none_available "Deferred"/"Fix deferred" -> "fix_deferred", else "affected"
//   known_not_affected, under_investigation -> nothing
// Components in a module stream (purl qualifier rpmmod=, "perl-FCGI:0.78:8100020250529111022:491cfe3d" or
// just "python39-devel:3.9", or a component id ending "::perl-FCGI:0.78") are filed under
// "<module>:<stream>::<srpm name>" ("perl-FCGI:0.78::perl-FCGI"), the key the matcher looks a modular rpm up
// by (its MODULARITYLABEL's first two fields), so they never meet the non-module package of that name. An
// rpmmod that names no stream ("rhel10") leaves its component out. One stream often has several fixed
// builds, one per module context (perl-FCGI:0.78 in RHEL 8.10: four, differing only in the release's last
// "+hash"); each becomes a range, and the matcher counts a modular rpm fixed once it reaches any of them.
// Severity: the threat "impact" Red Hat states for the kept products (Critical, Important -> HIGH, Moderate
// -> MEDIUM, Low), else the document's aggregate_severity.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "common/bounded_json.h"
#include "common/file.h"
#include "common/package_name.h"
#include "common/severity.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string Str(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& Member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

struct Rpm {
  std::string name, version, arch;  // version: "[epoch:]version-release", empty when the purl has none
  std::string module;               // "name:stream" of the module stream it was built in; else empty
  bool in_module = false;           // the purl has an rpmmod qualifier, whether or not it names a stream
};

// purl percent-decoding; nullopt for a '%' not followed by two hex digits.
std::optional<std::string> PercentDecoded(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
    i += 2;
  }
  return out;
}

// "pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src&epoch=1" -> {curl, 1:7.76.1-26.el9_3.2, src}. Module
// builds' versions are percent-encoded ("0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad") and compared decoded.
std::optional<Rpm> ParseRpmPurl(std::string_view purl) {
  constexpr std::string_view kPrefix = "pkg:rpm/redhat/";
  if (!purl.starts_with(kPrefix)) return std::nullopt;
  purl.remove_prefix(kPrefix.size());
  const std::size_t query = purl.find('?');
  std::string_view path = purl.substr(0, query);
  std::string_view qualifiers = query == std::string_view::npos ? "" : purl.substr(query + 1);
  Rpm rpm;
  const std::size_t at = path.find('@');
  std::optional<std::string> name = PercentDecoded(path.substr(0, at));
  std::optional<std::string> version = PercentDecoded(at == std::string_view::npos ? "" : path.substr(at + 1));
  if (!name || !version) return std::nullopt;
  rpm.name = std::move(*name);
  rpm.version = std::move(*version);
  std::string epoch;
  while (!qualifiers.empty()) {
    const std::string_view pair = qualifiers.substr(0, qualifiers.find('&'));
    qualifiers.remove_prefix(std::min(qualifiers.size(), pair.size() + 1));
    const std::string_view key = pair.substr(0, pair.find('='));
    const std::string_view value = pair.size() > key.size() ? pair.substr(key.size() + 1) : "";
    if (key == "arch") rpm.arch = value;
    if (key == "epoch") epoch = value;
    if (key == "rpmmod") {
      rpm.in_module = true;
      rpm.module = RpmModuleStream(PercentDecoded(value).value_or(""));
    }
  }
  if (!epoch.empty() && epoch != "0" && !rpm.version.empty()) rpm.version = epoch + ":" + rpm.version;
  if (rpm.name.empty()) return std::nullopt;
  return rpm;
}

std::string SeverityOfImpact(std::string_view impact) {
  if (impact == "Critical") return "CRITICAL";
  if (impact == "Important") return "HIGH";
  if (impact == "Moderate") return "MEDIUM";
  if (impact == "Low") return "LOW";
  return "UNKNOWN";
}

// What the product tree says about the ids a product status names.
struct ProductTree {
  std::map<std::string, std::string> cpe;                                  // platform id -> CPE
  std::map<std::string, std::string> purl;                                 // component id -> purl
  std::map<std::string, std::pair<std::string, std::string>> relationship;  // id -> (component, platform)
};

void WalkBranches(const json& branches, ProductTree& tree) {
  if (!branches.is_array()) return;
  for (const json& branch : branches) {
    const json& product = Member(branch, "product");
    const std::string id = Str(product, "product_id");
    const json& helper = Member(product, "product_identification_helper");
    if (!id.empty() && !Str(helper, "cpe").empty()) tree.cpe[id] = Str(helper, "cpe");
    if (!id.empty() && !Str(helper, "purl").empty()) tree.purl[id] = Str(helper, "purl");
    WalkBranches(Member(branch, "branches"), tree);  // depth is bounded by ParseBoundedJson
  }
}

ProductTree ReadProductTree(const json& root) {
  ProductTree tree;
  const json& product_tree = Member(root, "product_tree");
  WalkBranches(Member(product_tree, "branches"), tree);
  const json& relationships = Member(product_tree, "relationships");
  if (!relationships.is_array()) return tree;
  for (const json& relation : relationships) {
    const std::string id = Str(Member(relation, "full_product_name"), "product_id");
    if (!id.empty()) {
      tree.relationship[id] = {Str(relation, "product_reference"), Str(relation, "relates_to_product_reference")};
    }
  }
  return tree;
}

// The rpm a product status's component names: its purl when the product tree gives one, else (known_affected
// only, which needs no version) the component id itself, "name" or "name[.src]::module:stream". A component
// id ending "::module:stream" names the stream when the purl does not.
std::optional<Rpm> ComponentRpm(const ProductTree& tree, const std::string& component, bool fixed) {
  const std::size_t module_at = component.rfind("::");
  const std::string suffix_module =
      module_at == std::string::npos ? "" : RpmModuleStream(component.substr(module_at + 2));
  auto purl = tree.purl.find(component);
  std::optional<Rpm> rpm = purl == tree.purl.end() ? std::nullopt : ParseRpmPurl(purl->second);
  if (!rpm && !fixed) {
    if (module_at == std::string::npos && component.find(':') == std::string::npos) {
      return Rpm{component, "", "", "", false};
    }
    if (module_at == std::string::npos || suffix_module.empty()) return std::nullopt;
    std::string name = component.substr(0, module_at);
    if (name.ends_with(".src")) name.resize(name.size() - 4);
    if (name.empty() || name.find(':') != std::string::npos) return std::nullopt;
    return Rpm{name, "", "", suffix_module, true};
  }
  if (rpm && !rpm->in_module && !suffix_module.empty()) {
    rpm->module = suffix_module;
    rpm->in_module = true;
  }
  return rpm;
}

// product id -> a value stated for it in a list of {product_ids, VALUE_KEY} objects.
std::map<std::string, std::pair<std::string, std::string>> ByProduct(const json& list, const char* category_key,
                                                                      const char* value_key) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  if (!list.is_array()) return out;
  for (const json& item : list) {
    const json& ids = Member(item, "product_ids");
    if (!ids.is_array()) continue;
    for (const json& id : ids) {
      if (id.is_string()) out.try_emplace(id.get<std::string>(), Str(item, category_key), Str(item, value_key));
    }
  }
  return out;
}

std::string KnownAffectedStatus(const std::pair<std::string, std::string>& remediation) {
  const auto& [category, details] = remediation;
  if (category == "no_fix_planned") return details == "Out of support scope" ? "end_of_life" : "will_not_fix";
  // Red Hat writes both "Deferred" and "Fix deferred".
  if (category == "none_available" && (details == "Deferred" || details == "Fix deferred")) return "fix_deferred";
  return "affected";
}

struct Collected {
  std::map<std::string, Advisory> by_major;
};

Affected& AddEntry(Advisory& advisory, const std::string& ecosystem, const std::string& name, AffectedRange range,
                   const std::string& status) {
  auto it = std::find_if(advisory.affected.begin(), advisory.affected.end(),
                         [&](const Affected& a) { return a.package == name && a.status == status; });
  if (it == advisory.affected.end()) {
    advisory.affected.push_back(Affected{ecosystem, name, {}, {}, status});
    it = std::prev(advisory.affected.end());
  }
  if (std::find(it->ranges.begin(), it->ranges.end(), range) == it->ranges.end()) it->ranges.push_back(range);
  return *it;
}

void ReadVulnerability(const json& vulnerability, const ProductTree& tree, const std::string& aggregate,
                       std::vector<Advisory>& out) {
  const std::string cve = Str(vulnerability, "cve");
  if (cve.empty()) return;
  std::string description;
  if (const json& notes = Member(vulnerability, "notes"); notes.is_array()) {
    for (const json& note : notes) {
      if (Str(note, "category") == "description") description = Str(note, "text");
    }
  }
  const auto impact = ByProduct(Member(vulnerability, "threats"), "category", "details");
  // A product often has a workaround or mitigation listed before its status-bearing remediation
  // (vendor_fix, none_available, no_fix_planned); only the latter says what the status is.
  json decisive = json::array();
  if (const json& all = Member(vulnerability, "remediations"); all.is_array()) {
    for (const json& item : all) {
      const std::string category = Str(item, "category");
      if (category != "workaround" && category != "mitigation") decisive.push_back(item);
    }
  }
  const auto remediation = ByProduct(decisive, "category", "details");
  std::map<std::string, Advisory> by_major;
  const json& status = Member(vulnerability, "product_status");
  for (const char* list : {"fixed", "known_affected"}) {
    const json& ids = Member(status, list);
    if (!ids.is_array()) continue;
    const bool fixed = std::string_view(list) == "fixed";
    for (const json& id_json : ids) {
      if (!id_json.is_string()) continue;
      const std::string id = id_json.get<std::string>();
      auto relation = tree.relationship.find(id);
      if (relation == tree.relationship.end()) continue;
      const auto& [component, platform] = relation->second;
      auto cpe = tree.cpe.find(platform);
      const std::string major = cpe == tree.cpe.end() ? "" : RhelMajor(cpe->second);
      if (major.empty()) continue;
      std::optional<Rpm> rpm = ComponentRpm(tree, component, fixed);
      if (!rpm || (rpm->in_module && rpm->module.empty())) continue;  // a module stream we cannot name
      if (fixed && (rpm->arch != "src" || rpm->version.empty())) continue;  // binaries share their source's fix
      const std::string package = rpm->module.empty() ? rpm->name : ModularPackageKey(rpm->module, rpm->name);

      Advisory& advisory = by_major[major];
      if (advisory.id.empty()) {
        advisory = Advisory{cve, {}, description, "UNKNOWN", "redhat-csaf-vex", "", "redhat-csaf-vex el" + major, {}};
      }
      const std::string ecosystem = "Red Hat:" + major;
      auto why = remediation.find(id);
      Affected& entry =
          fixed ? AddEntry(advisory, ecosystem, package, AffectedRange{"0", rpm->version, ""}, "fixed")
                : AddEntry(advisory, ecosystem, package, AffectedRange{"0", "", ""},
                           why == remediation.end() ? "affected" : KnownAffectedStatus(why->second));
      // The impact Red Hat states for this product is the entry's own rating; the record's is the worst.
      if (auto stated = impact.find(id); stated != impact.end() && stated->second.first == "impact") {
        const std::string severity = SeverityOfImpact(stated->second.second);
        if (SeverityRank(severity) < SeverityRank(entry.severity)) entry.severity = severity;  // "" ranks UNKNOWN
        if (SeverityRank(severity) < SeverityRank(advisory.severity)) advisory.severity = severity;
      }
    }
  }
  for (auto& [major, advisory] : by_major) {
    if (advisory.severity == "UNKNOWN") advisory.severity = SeverityOfImpact(aggregate);
    out.push_back(std::move(advisory));
  }
}

}  // namespace

// "cpe:/o:redhat:enterprise_linux:9::baseos" -> "9"; empty for any other product. From RHEL 10 on, Red Hat
// names each minor release's main stream with a minor version ("enterprise_linux:10.0" for AppStream-10.0.Z,
// "10.1"): those are the streams a RHEL 10 image is updated from, so they count as 10. Before 10, a minor
// version names a frozen GA product ("enterprise_linux:8.0:GA"), not an update stream.
std::string RhelMajor(std::string_view cpe) {
  auto digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  for (std::string_view prefix : {"cpe:/o:redhat:enterprise_linux:", "cpe:/a:redhat:enterprise_linux:"}) {
    if (!cpe.starts_with(prefix)) continue;
    std::string_view rest = cpe.substr(prefix.size());
    rest = rest.substr(0, rest.find(':'));
    const std::size_t dot = rest.find('.');
    const std::string_view major = rest.substr(0, dot);
    if (!digits(major) || major.size() > 3) return "";
    if (dot == std::string_view::npos) return std::string(major);
    const bool minor_stream = std::stoi(std::string(major)) >= 10 && digits(rest.substr(dot + 1));
    return minor_stream ? std::string(major) : "";
  }
  return "";
}

std::optional<std::string> RedHatPurlModule(std::string_view purl) {
  std::optional<Rpm> rpm = ParseRpmPurl(purl);
  if (!rpm || !rpm->in_module) return std::string();
  if (rpm->module.empty()) return std::nullopt;
  return rpm->module;
}

Result<std::vector<Advisory>> ParseCsafVex(std::string_view text) {
  auto parsed = ParseBoundedJson(text, "document", kMaxCsafDocumentBytes, kMaxJsonDepth);
  if (!parsed) return std::unexpected(parsed.error());
  const json root = std::move(*parsed);
  const json& document = Member(root, "document");
  if (!document.is_object()) return Fail("not a CSAF document: no document object");
  std::vector<Advisory> advisories;
  if (Str(Member(document, "tracking"), "status") == "deleted") return advisories;  // a withdrawn CVE
  if (Str(document, "category") != "csaf_vex") return Fail("not a CSAF VEX document (category \"{}\")", Str(document, "category"));
  const json& vulnerabilities = Member(root, "vulnerabilities");
  if (!vulnerabilities.is_array()) return Fail("no vulnerabilities list");
  const ProductTree tree = ReadProductTree(root);
  const std::string aggregate = Str(Member(document, "aggregate_severity"), "text");
  for (const json& vulnerability : vulnerabilities) ReadVulnerability(vulnerability, tree, aggregate, advisories);
  return advisories;
}

Result<FeedData> ReadCsafVexFeed(const std::string& dir_or_file) {
  std::vector<fs::path> paths;
  std::error_code ec;
  if (fs::is_directory(dir_or_file, ec)) {
    for (fs::recursive_directory_iterator it(dir_or_file, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".json") paths.push_back(it->path());
      if (paths.size() > kMaxOsvRecords) return Fail("{}: more than {} documents", dir_or_file, kMaxOsvRecords);
    }
    if (ec) return Fail("{}: {}", dir_or_file, ec.message());
    std::sort(paths.begin(), paths.end());
  } else {
    paths.emplace_back(dir_or_file);
  }
  FeedData feed;
  feed.info = FeedInfo{"redhat-csaf-vex", dir_or_file, "", 0, 0};
  for (const fs::path& path : paths) {
    auto text = ReadFileBounded(path.string(), kMaxCsafDocumentBytes);
    auto advisories = text ? ParseCsafVex(*text) : Result<std::vector<Advisory>>(std::unexpected(text.error()));
    if (!advisories) {
      if (paths.size() == 1) return Rewrap(advisories.error(), "{}", path.string());
      feed.warnings.push_back(path.string() + ": " + advisories.error().message);
      ++feed.info.skipped;
      continue;
    }
    for (Advisory& advisory : *advisories) feed.advisories.push_back(std::move(advisory));
  }
  feed.info.advisories = feed.advisories.size();
  return feed;
}

}  // namespace drydock
