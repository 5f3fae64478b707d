// The terminal table's sections after the vulnerabilities (and the policy verdict), and its colours. Colour
// is ANSI SGR only, applied to text already padded, so columns line up the same with and without it.
#include <fmt/format.h>

#include <algorithm>

#include "report/report_common.h"
#include "report/table_parts.h"

namespace drydock {
namespace {

// Every rule, so a passing gate shows what it checked and a failing one shows exactly why.
void WritePolicy(const PolicyVerdict& verdict, std::ostream& out, const ReportStyle& style) {
  std::size_t failed = 0, warned = 0;
  for (const PolicyRuleResult& r : verdict.rules) (r.action == "warn" ? warned : failed) += r.passed ? 0 : 1;
  out << "\n"
      << Bold(fmt::format("Policy {}: {} ({} passed, {} failed, {} warning(s))", verdict.file,
                          verdict.passed ? "PASS" : "FAIL", verdict.rules.size() - failed - warned, failed,
                          warned),
              style)
      << "\n";
  std::size_t id_width = 0;
  for (const PolicyRuleResult& r : verdict.rules) id_width = std::max(id_width, r.id.size());
  for (const PolicyRuleResult& r : verdict.rules) {
    std::string state = r.passed ? "PASS" : (r.action == "warn" ? "WARN" : "FAIL");
    out << fmt::format("  {}  {:<{}}  {:<8}  {}\n", state, r.id, id_width, r.severity, r.message);
    for (const std::string& e : r.evidence) out << fmt::format("        {}\n", e);
  }
}

}  // namespace

std::string ColourSeverity(std::string_view severity, const std::string& text, const ReportStyle& style) {
  if (!style.colour) return text;
  // Bold red, red, yellow, blue, and the terminal's dim for UNKNOWN, in kSeverityOrder.
  constexpr std::string_view kCodes[] = {"1;31", "31", "33", "34", "2"};
  return fmt::format("\x1b[{}m{}\x1b[0m", kCodes[SeverityIndex(severity)], text);
}

std::string Bold(const std::string& text, const ReportStyle& style) {
  return style.colour ? fmt::format("\x1b[1m{}\x1b[0m", text) : text;
}

void WriteTableExtras(const ScanReport& report, std::ostream& out, const ReportStyle& style) {
  if (!report.misconfigurations.empty()) {
    out << "\n" << Bold(fmt::format("Misconfigurations: {}", report.misconfigurations.size()), style) << "\n";
    for (const Misconfiguration& m : report.misconfigurations) {
      std::string where =
          m.path.empty() ? "" : fmt::format(" at {}{}", m.path, m.line ? fmt::format(":{}", m.line) : "");
      if (!m.layer_diff_id.empty()) where += fmt::format(" (layer {})", m.layer_diff_id.substr(0, 19));
      out << fmt::format("  {}  {}  {}: {}{}\n", m.id,
                         ColourSeverity(m.severity, fmt::format("{:<8}", m.severity), style), m.title,
                         m.evidence, where);
    }
  }
  if (!report.secrets.empty()) {
    out << "\n" << Bold(fmt::format("Secrets: {}", report.secrets.size()), style) << "\n";
    for (const SecretFinding& s : report.secrets) {
      std::string where =
          s.source == "file" ? fmt::format("{}:{}", s.path, s.line) : fmt::format("{} {}", s.source, s.path);
      if (!s.layer_diff_id.empty()) where += fmt::format(" (layer {})", s.layer_diff_id.substr(0, 19));
      if (!s.removed_in_layer.empty())
        where += fmt::format(" [deleted in layer {}, still in the image]", s.removed_in_layer.substr(0, 19));
      out << fmt::format("  {}  {}  {}  {}  {}\n",
                         ColourSeverity(s.severity, fmt::format("{:<8}", s.severity), style), s.rule_id,
                         where, s.match, s.title);
    }
  }
  if (!report.suppressed.empty()) {
    out << fmt::format("\nSuppressed: {}\n", report.suppressed.size());
    for (const SuppressedFinding& s : report.suppressed) {
      out << fmt::format("  {} {} {} [{}] by {}{}{}\n", s.finding.package_name, s.finding.installed_version,
                         s.finding.id, s.status, s.by, s.justification.empty() ? "" : ": ", s.justification);
    }
  }
  if (report.policy) WritePolicy(*report.policy, out, style);
  if (!report.errors.empty()) {
    out << fmt::format("\n{} problem(s) while scanning:\n", report.errors.size());
    for (const ScanError& e : report.errors) {
      out << fmt::format("  [{}] {}{}{}\n", e.stage, e.path, e.path.empty() ? "" : ": ", e.message);
    }
  }
}

}  // namespace drydock
