// The HTML report's sections for what is not a package vulnerability: secrets, misconfigurations, suppressed
// findings, the policy verdict and scan errors. Each appears only when there is something to show.
#include <fmt/format.h>

#include "report/html_parts.h"

namespace drydock {
namespace {

std::string Where(std::string_view path, std::size_t line) {
  if (path.empty()) return "image config";
  return line == 0 ? std::string(path) : fmt::format("{}:{}", path, line);
}

}  // namespace

void AppendExtraSections(const ScanReport& report, std::string& out) {
  const Artifact& a = report.artifact;
  if (!report.secrets.empty()) {
    out +=
        "<section id=\"secrets\"><h2>Secrets</h2><table class=\"sortable\"><thead><tr><th "
        "data-kind=\"sev\">Severity"
        "</th><th>Rule</th><th>Where</th><th data-kind=\"num\">Layer</th><th>Match "
        "(masked)</th><th>Title</th></tr>"
        "</thead><tbody>";
    for (const SecretFinding& s : report.secrets) {
      std::string where = s.source == "file" ? Where(s.path, s.line) : s.source + " " + s.path;
      if (!s.removed_in_layer.empty()) where += " (deleted in a later layer, still in the image)";
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"mono\">{}</td>{}<td class=\"mono\">{}</td><td>{}</td></tr>",
          SeverityBadge(s.severity), HtmlEscape(s.rule_id), HtmlEscape(where), LayerCell(a, s.layer_diff_id),
          HtmlEscape(s.match), HtmlEscape(s.title));
    }
    out += "</tbody></table></section>\n";
  }
  if (!report.misconfigurations.empty()) {
    out +=
        "<section id=\"misconfigurations\"><h2>Misconfigurations</h2><table "
        "class=\"sortable\"><thead><tr><th>ID</th>"
        "<th "
        "data-kind=\"sev\">Severity</th><th>Check</th><th>Evidence</th><th>Where</th></tr></thead><tbody>";
    for (const Misconfiguration& m : report.misconfigurations) {
      out += fmt::format(
          "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">"
          "{}</td></tr>",
          HtmlEscape(m.id), SeverityBadge(m.severity), HtmlEscape(m.title), HtmlEscape(m.evidence),
          HtmlEscape(Where(m.path, m.line)));
    }
    out += "</tbody></table></section>\n";
  }
  if (!report.suppressed.empty()) {
    out +=
        "<section id=\"suppressed\"><h2>Suppressed</h2><table "
        "class=\"sortable\"><thead><tr><th>ID</th><th>Package"
        "</th><th>Status</th><th>By</th><th>Why</th></tr></thead><tbody>";
    for (const SuppressedFinding& s : report.suppressed) {
      out += fmt::format("<tr><td class=\"mono\">{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                         HtmlEscape(s.finding.id), HtmlEscape(s.finding.package_name),
                         HtmlEscape(s.finding.installed_version), HtmlEscape(s.status), HtmlEscape(s.by),
                         HtmlEscape(s.justification));
    }
    out += "</tbody></table></section>\n";
  }
  if (report.policy) {
    const PolicyVerdict& v = *report.policy;
    out += fmt::format(
        "<section id=\"policy\"><h2>Policy {}: <span class=\"{}\">{}</span></h2><table class=\"sortable\">"
        "<thead><tr><th>Result</th><th>Rule</th><th data-kind=\"sev\">Severity</th><th>Message</th>"
        "<th>Evidence</th></tr></thead><tbody>",
        HtmlEscape(v.file), v.passed ? "ok" : "eol", v.passed ? "PASS" : "FAIL");
    for (const PolicyRuleResult& r : v.rules) {
      std::string evidence;
      for (const std::string& e : r.evidence) evidence += (evidence.empty() ? "" : "<br>") + HtmlEscape(e);
      out += fmt::format(
          "<tr><td class=\"{}\">{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
          r.passed ? "ok" : "eol", r.passed ? "PASS" : (r.action == "warn" ? "WARN" : "FAIL"),
          HtmlEscape(r.id), SeverityBadge(r.severity), HtmlEscape(r.message), evidence);
    }
    out += "</tbody></table></section>\n";
  }
  if (!report.errors.empty()) {
    out += "<section id=\"errors\"><h2>Problems while scanning</h2><ul>";
    for (const ScanError& e : report.errors) {
      out += fmt::format("<li><strong>{}</strong> <span class=\"mono\">{}</span> {}</li>",
                         HtmlEscape(e.stage), HtmlEscape(e.path), HtmlEscape(e.message));
    }
    out += "</ul></section>\n";
  }
}

}  // namespace drydock
