// The HTML report: one self-contained page a person can read at a glance. A header of facts (image, digest,
// OS and whether it is past end of life, counts), a severity bar chart, then every finding in a table that
// can be sorted and filtered, and the findings grouped by layer and by package. Everything the scan read is
// escaped, and a Content-Security-Policy allows only this page's own two scripts (by hash) and no network at
// all.
#include <fmt/format.h>
#include <openssl/evp.h>

#include "report/html_parts.h"
#include "report/report.h"
#include "report/report_common.h"

namespace drydock {
namespace {

// Installed before the main script so even a syntax error in it is caught and shows on the page's root.
constexpr std::string_view kErrorTrap =
    "window.addEventListener('error',function(e){document.documentElement.setAttribute('data-js-error',"
    "String(e.message));});";

// CSP's 'sha256-<base64>' source for an inline script.
std::string CspHash(std::string_view script) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(script.data(), script.size(), digest, &size, EVP_sha256(), nullptr);
  unsigned char base64[2 * EVP_MAX_MD_SIZE];
  int length = EVP_EncodeBlock(base64, digest, static_cast<int>(size));
  return fmt::format("'sha256-{}'",
                     std::string_view(reinterpret_cast<char*>(base64), static_cast<std::size_t>(length)));
}

void Fact(std::string& out, std::string_view label, std::string_view value, std::string_view css = "") {
  out += fmt::format("<div><dt>{}</dt><dd{}>{}</dd></div>", label,
                     css.empty() ? "" : fmt::format(" class=\"{}\"", css), HtmlEscape(value));
}

void AppendHeader(const ScanReport& report, std::string& out) {
  const Artifact& a = report.artifact;
  out += fmt::format("<header><h1>{}</h1><dl class=\"facts\">", HtmlEscape(a.name));
  Fact(out, "Type", a.type);
  if (!a.digest.empty()) Fact(out, "Digest", a.digest, "mono");
  std::string os = a.os.empty()               ? "unknown"
                   : a.os.pretty_name.empty() ? a.os.family + " " + a.os.version
                                              : a.os.pretty_name;
  Fact(out, "Operating system", os);
  if (!a.os_end_of_life.empty())
    Fact(out, "OS support", "END OF LIFE since " + a.os_end_of_life, "eol");
  else if (!a.os.empty())
    Fact(out, "OS support", "supported", "ok");
  Fact(out, "Layers", std::to_string(a.layers.size()));
  Fact(out, "Packages", std::to_string(report.packages.size()));
  Fact(out, "Vulnerabilities", std::to_string(report.vulnerabilities.size()));
  Fact(out, "Fixable", std::to_string(FixableCount(report.vulnerabilities)));
  if (!report.secrets.empty()) Fact(out, "Secrets", std::to_string(report.secrets.size()), "eol");
  if (!report.misconfigurations.empty())
    Fact(out, "Misconfigurations", std::to_string(report.misconfigurations.size()));
  if (report.policy)
    Fact(out, "Policy", report.policy->passed ? "PASS" : "FAIL", report.policy->passed ? "ok" : "eol");
  out += "</dl></header>\n";
}

void AppendOverview(const ScanReport& report, std::string& out) {
  const auto counts = SeverityCounts(report.vulnerabilities);
  const std::size_t total = report.vulnerabilities.size(), fixable = FixableCount(report.vulnerabilities);
  out += "<section id=\"overview\">" + SeverityChartSvg(counts) + "<p class=\"verdict\">";
  if (total == 0) {
    out += "No known vulnerabilities in the packages found.";
  } else {
    out += fmt::format(
        "<strong>{}</strong> vulnerabilities, <strong>{}</strong> critical or high. "
        "<strong>{}</strong> ({}%) have a fixed version: upgrading those packages clears them.",
        total, counts[0] + counts[1], fixable, fixable * 100 / total);
  }
  out += "</p></section>\n";
}

void AppendFindings(const ScanReport& report, std::string& out) {
  out +=
      "<section id=\"findings\"><h2>Vulnerabilities</h2><div class=\"controls\">"
      "<input type=\"search\" id=\"filter-text\" placeholder=\"Filter: package, CVE, text\" "
      "aria-label=\"Filter\">";
  for (std::string_view severity : kSeverityOrder) {
    out += fmt::format(
        "<label><input type=\"checkbox\" class=\"filter-severity\" value=\"{0}\" checked> {0}</label>",
        severity);
  }
  out += fmt::format("<span class=\"muted\">showing <span id=\"shown-count\">{0}</span> of {0}</span></div>",
                     report.vulnerabilities.size());
  out +=
      "<table id=\"findings-table\" class=\"sortable filterable\"><thead><tr><th "
      "data-kind=\"sev\">Severity</th>"
      "<th>ID</th><th>Package</th><th>Installed</th><th>Fixed in</th><th>Status</th>"
      "<th data-kind=\"num\" title=\"FIRST EPSS: probability of exploitation in 30 days\">EPSS</th>"
      "<th title=\"In CISA's Known Exploited Vulnerabilities catalog\">KEV</th><th data-kind=\"num\">Layer</th>"
      "<th title=\"From the base image or from your layers\">Origin</th>"
      "<th>Title</th></tr></thead><tbody>";
  for (const Finding& f : report.vulnerabilities) {
    std::string severity(kSeverityOrder[SeverityIndex(f.severity)]);
    std::string fixed = f.fixed_version.empty()
                            ? "<span class=\"nofix\">no fix</span>"
                            : "<span class=\"fix\">" + HtmlEscape(f.fixed_version) + "</span>";
    out += fmt::format(
        "<tr data-severity=\"{0}\"><td><span class=\"sev sev-{0}\">{0}</span></td><td class=\"mono id\">{1}",
        severity, HtmlEscape(f.id));
    for (const std::string& alias : f.aliases)
      out += "<br><span class=\"muted\">" + HtmlEscape(alias) + "</span>";
    // EPSS as a number the table sorts by; KEV as a word the text filter finds ("KEV").
    const std::string epss = f.epss ? fmt::format("{:.5f}", *f.epss) : "";
    out += fmt::format(
        "</td><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td>"
        "<td>{}</td>{}<td>{}</td><td>{}</td></tr>",
        HtmlEscape(f.package_name), HtmlEscape(f.installed_version), fixed, HtmlEscape(f.status), epss,
        f.kev ? "<span class=\"sev sev-CRITICAL\">KEV</span>" : "", LayerCell(report.artifact, f.layer_diff_id),
        !report.artifact.base_image ? "" : f.base ? "base image" : "your layers", HtmlEscape(f.title));
  }
  out += "</tbody></table></section>\n";
}

}  // namespace

void WriteHtmlReport(const ScanReport& report, std::ostream& out) {
  const std::string_view script = HtmlScript();
  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src {} {}\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>drydock: {}</title><script>{}</script><style>{}</style></head><body>\n",
      CspHash(kErrorTrap), CspHash(script), HtmlEscape(report.artifact.name), kErrorTrap, HtmlStyle());
  AppendHeader(report, page);
  AppendOverview(report, page);
  AppendBaseSection(report, page);
  // The grouped views first: they answer "where does it come from, what do I upgrade" before the long list.
  AppendLayerSection(report, page);
  AppendPackageSection(report, page);
  AppendFindings(report, page);
  AppendExtraSections(report, page);
  page += fmt::format(
      "<footer class=\"muted\"><p>{} {} &middot; {}</p></footer><script>{}</script></body></html>\n",
      kToolName, kToolVersion, ReportTimestamp(report), script);
  out << page;
}

}  // namespace drydock
