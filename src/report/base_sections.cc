// The base image in the table and HTML reports: what it is, how many findings it brings against the image's own
// layers, and the advice (--base-advice) with what each rebuild would change.
#include <fmt/format.h>

#include "report/html_parts.h"
#include "report/report_common.h"
#include "report/table_parts.h"

namespace drydock {
namespace {

// "3 (HIGH: 1, LOW: 2)", severities worst first.
std::string Counts(std::size_t total, const std::map<std::string, std::size_t>& by_severity) {
  std::string parts;
  for (std::string_view severity : kSeverityOrder) {
    auto it = by_severity.find(std::string(severity));
    if (it == by_severity.end() || it->second == 0) continue;
    parts += fmt::format("{}{}: {}", parts.empty() ? "" : ", ", severity, it->second);
  }
  return parts.empty() ? std::to_string(total) : fmt::format("{} ({})", total, parts);
}

std::string Size(const std::optional<long long>& delta) {
  if (!delta) return "size unknown";
  const double mib = static_cast<double>(*delta) / (1 << 20);
  return fmt::format("{}{:.1f} MiB", *delta >= 0 ? "+" : "", mib);
}

std::string Support(const BaseAdviceOption& o) {
  if (o.end_of_life) return fmt::format("{} END OF LIFE since {}", o.os, o.end_of_life_date);
  if (!o.end_of_life_date.empty()) return fmt::format("{} supported until {}", o.os, o.end_of_life_date);
  return o.os.empty() ? "support unknown" : o.os + ", end of life unknown";
}

std::string Target(const BaseAdviceOption& o) { return fmt::format("{}:{}", o.name, o.tag); }

}  // namespace

std::string BaseImageLine(const BaseImageInfo& b) {
  return fmt::format("{}{}{}", b.name.empty() ? "(unnamed)" : b.name, b.tag.empty() ? "" : ":", b.tag);
}

void WriteTableBaseAdvice(const ScanReport& report, std::ostream& out, const ReportStyle& style) {
  const auto& base = report.artifact.base_image;
  if (!base || !base->advised) return;
  out << '\n' << Bold("Base image advice for " + BaseImageLine(*base), style) << '\n';
  if (base->advice.empty()) {
    out << "Nothing newer is indexed for this base: no rebuild to advise.\n";
    return;
  }
  for (const BaseAdviceOption& o : base->advice) {
    if (!o.error.empty()) {
      out << fmt::format("  {:<8} {}: {}\n", o.kind, Target(o), o.error);
      continue;
    }
    out << fmt::format("  {:<8} {} ({}): removes {}, adds {}; the base has {} findings; {}; {}\n", o.kind, Target(o),
                       o.digest.substr(0, 19), Counts(o.removed_total, o.removed), Counts(o.added_total, o.added),
                       o.findings_total, Support(o), Size(o.size_delta_bytes));
  }
}

void AppendBaseSection(const ScanReport& report, std::string& out) {
  const auto& base = report.artifact.base_image;
  if (!base) return;
  std::map<std::string, std::size_t> from_base, from_app;
  std::size_t base_total = 0, app_total = 0;
  for (const Finding& f : report.vulnerabilities) {
    ++(f.base ? from_base : from_app)[std::string(kSeverityOrder[SeverityIndex(f.severity)])];
    ++(f.base ? base_total : app_total);
  }
  out += fmt::format(
      "<section id=\"base-image\"><h2>Base image</h2><p><span class=\"mono\">{}</span> ({} layers, identified by "
      "{})</p><table><thead><tr><th>Findings</th><th>Count</th></tr></thead><tbody>"
      "<tr><td>From the base image</td><td>{}</td></tr><tr><td>From your layers</td><td>{}</td></tr></tbody>"
      "</table>",
      HtmlEscape(BaseImageLine(*base)), base->layers, HtmlEscape(base->source),
      HtmlEscape(Counts(base_total, from_base)), HtmlEscape(Counts(app_total, from_app)));
  if (base->advised) {
    out += "<h3>Rebuild advice</h3>";
    if (base->advice.empty()) out += "<p class=\"muted\">Nothing newer is indexed for this base.</p>";
    else {
      out += "<table><thead><tr><th>Kind</th><th>Base</th><th>Removes</th><th>Adds</th><th>Base findings</th>"
             "<th>Support</th><th>Size</th></tr></thead><tbody>";
      for (const BaseAdviceOption& o : base->advice) {
        if (!o.error.empty()) {
          out += fmt::format("<tr><td>{}</td><td class=\"mono\">{}</td><td colspan=\"5\">{}</td></tr>",
                             HtmlEscape(o.kind), HtmlEscape(Target(o)), HtmlEscape(o.error));
          continue;
        }
        out += fmt::format(
            "<tr><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            HtmlEscape(o.kind), HtmlEscape(Target(o)), HtmlEscape(Counts(o.removed_total, o.removed)),
            HtmlEscape(Counts(o.added_total, o.added)), o.findings_total, HtmlEscape(Support(o)),
            HtmlEscape(Size(o.size_delta_bytes)));
      }
      out += "</tbody></table>";
    }
  }
  out += "</section>\n";
}

}  // namespace drydock
