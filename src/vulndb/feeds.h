// Feed readers' pure parsers and limits, beside vulndb.h's file-level entry points. The parsers take bytes
// and know nothing of files, so they are also the fuzz targets.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/error.h"
#include "vulndb/vulndb.h"

namespace drydock {

inline constexpr std::size_t kMaxOsvRecordBytes = 8 << 20;           // one OSV JSON record
inline constexpr std::size_t kMaxOsvRecords = 2'000'000;             // files in a dir / entries in a zip
inline constexpr std::size_t kMaxOsvFeedBytes = std::size_t{8} << 30;  // all records of one feed together
inline constexpr std::size_t kMaxJsonDepth = 64;                     // OSV nests about 6 deep
inline constexpr std::size_t kMaxSecdbBytes = 64 << 20;              // one secdb file (v3.10 main is 40 KiB)
inline constexpr std::size_t kMaxSecdbIds = 2'000'000;  // ids one secdb file may yield (YAML aliases multiply)
inline constexpr std::size_t kMaxCsafDocumentBytes = 256 << 20;  // one CSAF VEX file (the kernel's is ~100 MiB)
inline constexpr std::size_t kMaxDebianTrackerBytes = std::size_t{1} << 30;  // tracker/data/json (~80 MiB today)

// One OSV record. nullopt for a withdrawn record or one with no package to match (only GIT ranges): dropped,
// not an error. `modified` receives the record's
// "modified" timestamp when present.
Result<std::optional<Advisory>> ParseOsvRecord(std::string_view json, std::string* modified = nullptr);

// The module stream ("go-toolset:rhel8") an AlmaLinux or Rocky Linux OSV entry is for, from its
// ecosystem_specific.rpm_modularity when given, else, for an entry fixed by a module build, from the one
// "name:stream" word of the record's summary (the errata title, "Moderate: php:8.1 security update"); empty
// for other ecosystems, non-module entries and titles naming no stream or several. The entry is then filed
// under "<module>:<stream>::<name>" (common/package_name.h). Reasons in osv_rpm_module.cc.
std::string OsvRpmModule(std::string_view ecosystem, std::string_view rpm_modularity, std::string_view summary,
                         const std::vector<AffectedRange>& ranges);

// A PyPA record has a few hundred YAML nodes; aliases could make a small file expand without bound.
inline constexpr std::size_t kMaxOsvYamlNodes = 1'000'000;

// One OSV record written as YAML -> the equivalent JSON text for ParseOsvRecord. Scalars stay strings.
Result<std::string> OsvYamlToJson(std::string_view yaml);

// "Ubuntu:22.04:LTS" -> "Ubuntu:22.04", "Ubuntu:Pro:18.04:LTS" -> "Ubuntu:Pro:18.04": the match stage keys
// Ubuntu by release only, and LTS is a support label, not a release. OSV's Red Hat names are "Red Hat:" plus
// a CPE without its prefix: the main streams of a RHEL major ("Red Hat:enterprise_linux:7::server",
// "Red Hat:enterprise_linux:9::appstream") become "Red Hat:7", "Red Hat:9", the key RHEL/UBI/CentOS images
// are judged by, as RhelMajor() decides for CSAF; other Red Hat products keep their name. Every other
// ecosystem is kept as OSV writes it ("Alpine:v3.10", "Debian:12", "npm", "PyPI").
std::string NormalizeOsvEcosystem(std::string_view ecosystem);

// A secdb file, YAML or JSON, reduced to what the DB needs.
struct SecdbFix {
  std::string fixed_version;     // the secfixes key; "0" means "never affected"
  std::vector<std::string> ids;  // the raw strings: "CVE-2017-8904 XSA-214", "CVE-2018-14462 (ICMP)"
};
struct SecdbPackage {
  std::string name;
  std::vector<SecdbFix> fixes;
};
struct SecdbDocument {
  std::string distroversion;  // "v3.10"; empty for Wolfi/Chainguard
  std::string reponame;       // "main", "community", "os"
  std::string urlprefix;      // "https://packages.wolfi.dev"
  std::vector<SecdbPackage> packages;
  std::vector<std::string> warnings;  // "packages[12]: why" for each package entry skipped
};
Result<SecdbDocument> ParseSecdb(std::string_view text);
// The same, handing each package to `each_package` as soon as it is read instead of keeping it in `packages`
// (which stays empty): a secdb of 300k packages held whole was 2.5 times the file's size.
using EachSecdbPackage = std::function<void(SecdbPackage&& package)>;
Result<SecdbDocument> ParseSecdb(std::string_view text, const EachSecdbPackage& each_package);

// The advisory ids in one secfixes string: "CVE-2017-8904 XSA-214" -> {CVE-2017-8904, XSA-214};
// parenthesised or '#' comments dropped; words that are not ids ("XPTI") dropped.
std::vector<std::string> SplitSecdbIds(std::string_view entry);

// ReadSecdbFeed, with the DB ecosystem given instead of detected (e.g. "Wolfi" for a mirror whose urlprefix
// names no known distro). An empty `ecosystem` means detect.
Result<FeedData> ReadSecdbFeedAs(const std::string& file, std::string_view ecosystem);

// The ecosystem a secdb document files under: "Alpine:<distroversion>", else by the urlprefix host:
// packages.wolfi.dev -> "Wolfi", *.cgr.dev -> "Chainguard", packages.mini.dev -> "MinimOS".
Result<std::string> DetectSecdbEcosystem(const SecdbDocument& doc);

// The Debian security tracker JSON (bytes of tracker/data/json) -> one feed; `source` names it in warnings and
// FeedInfo. Errors only when the whole file is unusable; a malformed package or CVE record is skipped with a
// warning. The status and urgency mapping is documented in debian_tracker_feed.cc.
Result<FeedData> ParseDebianTracker(std::string_view json, const std::string& source);

// "cpe:/o:redhat:enterprise_linux:9::baseos" -> "9": the RHEL major whose update streams a CPE names; empty for
// EUS/AUS/E4S streams, layered products and pre-10 GA snapshots (reasons in csaf_vex_feed.cc).
std::string RhelMajor(std::string_view cpe);

// The module stream ("perl-FCGI:0.78") a Red Hat rpm purl's rpmmod qualifier names; "" without rpmmod (or for
// a purl that is not a Red Hat rpm); nullopt for an rpmmod that names no stream, which nothing can match.
std::optional<std::string> RedHatPurlModule(std::string_view purl);

inline constexpr std::size_t kMaxNvdFileBytes = 256 << 20;    // one NVD API page (2,000 CVEs: ~20 MiB)
inline constexpr std::size_t kMaxCve5RecordBytes = 16 << 20;  // one CVE JSON 5 record
inline constexpr std::size_t kMaxCveFiles = 2'000'000;         // files in an NVD or CVE JSON 5 directory
inline constexpr std::size_t kMaxEpssBytes = 256 << 20;       // the EPSS CSV, uncompressed (~10 MiB today)
inline constexpr std::size_t kMaxKevBytes = 64 << 20;         // the KEV catalog (~1.5 MiB today)

// NVD API 2.0 JSON text (a page, or one {"cve": ...} / bare cve object) -> one enrichment per CVE with a
// rating or KEV mark; rejected CVEs are left out. `warnings` gets "CVE-...: why" for each CVE skipped.
Result<std::vector<CveEnrichment>> ParseNvdJson(std::string_view json, std::vector<std::string>* warnings);
// One CVE JSON 5 record -> its enrichment; nullopt for a REJECTED record or one rating nothing.
Result<std::optional<CveEnrichment>> ParseCve5Record(std::string_view json);
// The EPSS CSV text: a "#model_version:..." comment, a "cve,epss,percentile" header, then one CVE a line.
Result<std::vector<CveEnrichment>> ParseEpssCsv(std::string_view csv, std::vector<std::string>* warnings);
// The KEV catalog JSON text -> one enrichment (kev = true) per listed CVE; `released` gets its dateReleased.
Result<std::vector<CveEnrichment>> ParseKevCatalog(std::string_view json, std::string* released = nullptr);

// A rating from one CVSS metric as NVD and CVE JSON 5 write it: the stated base severity, else the base
// score's band (CVSS v2's bands when `v2`), else the v3 vector's computed score. nullopt for NONE / nothing.
std::optional<std::string> RatingOfMetric(std::string_view base_severity, std::optional<double> base_score,
                                          std::string_view vector, bool v2);

// One Red Hat CSAF VEX document -> its advisories for RHEL (mapping in csaf_vex_feed.cc); empty for a
// document whose tracking status is "deleted".
Result<std::vector<Advisory>> ParseCsafVex(std::string_view json);

}  // namespace drydock
