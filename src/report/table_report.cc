// The terminal report: what was scanned, a count per severity, then one row per finding, then any errors.
#include <algorithm>
#include <array>
#include <map>

#include "report/report.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxTitleChars = 60;
constexpr std::array<std::string_view, 5> kSeverities = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};

std::string Clip(std::string_view text, std::size_t width) {
  if (text.size() <= width) return std::string(text);
  return std::string(text.substr(0, width - 3)) + "...";
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// One line on how the image runs; env values never reach the report, only names.
void WriteConfigSummary(const ImageConfigFacts& config, std::ostream& out) {
  if (config.empty()) return;
  std::string line = fmt::format("Runs as {}", config.user.empty() ? "root (no USER)" : config.user);
  if (!config.entrypoint.empty()) line += fmt::format("; entrypoint: {}", Join(config.entrypoint, " "));
  if (!config.cmd.empty()) line += fmt::format("; cmd: {}", Join(config.cmd, " "));
  if (!config.exposed_ports.empty()) line += fmt::format("; ports: {}", Join(config.exposed_ports, ", "));
  if (!config.env_names.empty()) line += fmt::format("; env: {}", Join(config.env_names, ", "));
  out << line << '\n';
}

// Every rule, so a passing gate shows what it checked and a failing one shows exactly why.
void WritePolicy(const PolicyVerdict& verdict, std::ostream& out) {
  std::size_t failed = 0, warned = 0;
  for (const PolicyRuleResult& r : verdict.rules) (r.action == "warn" ? warned : failed) += r.passed ? 0 : 1;
  out << fmt::format("\nPolicy {}: {} ({} passed, {} failed, {} warning(s))\n", verdict.file,
                     verdict.passed ? "PASS" : "FAIL", verdict.rules.size() - failed - warned, failed, warned);
  std::size_t id_width = 0;
  for (const PolicyRuleResult& r : verdict.rules) id_width = std::max(id_width, r.id.size());
  for (const PolicyRuleResult& r : verdict.rules) {
    std::string state = r.passed ? "PASS" : (r.action == "warn" ? "WARN" : "FAIL");
    out << fmt::format("  {}  {:<{}}  {:<8}  {}\n", state, r.id, id_width, r.severity, r.message);
    for (const std::string& e : r.evidence) out << fmt::format("        {}\n", e);
  }
}

}  // namespace

void WriteTableReport(const ScanReport& report, std::ostream& out) {
  const Artifact& a = report.artifact;
  std::string os = a.os.empty() ? "unknown OS" : fmt::format("{} {}", a.os.family, a.os.version);
  out << fmt::format("{} ({}, {} layers, {} packages)\n", a.name, os, a.layers.size(), report.packages.size());
  if (!a.os_end_of_life.empty()) {
    out << fmt::format("OS end of life: {} {} gets no security updates since {}\n", a.os.family, a.os.version,
                       a.os_end_of_life);
  }
  WriteConfigSummary(a.config, out);

  std::map<std::string_view, std::size_t> counts;
  for (const Finding& f : report.vulnerabilities) {
    bool known = std::find(kSeverities.begin(), kSeverities.end(), f.severity) != kSeverities.end();
    ++counts[known ? std::string_view(f.severity) : "UNKNOWN"];
  }
  out << fmt::format("Total: {} (", report.vulnerabilities.size());
  for (std::size_t i = 0; i < kSeverities.size(); ++i) {
    out << fmt::format("{}{}: {}", i == 0 ? "" : ", ", kSeverities[i], counts[kSeverities[i]]);
  }
  out << ")\n";

  if (!report.vulnerabilities.empty()) {
    std::vector<std::array<std::string, 7>> rows = {
        {"Package", "Vulnerability", "Severity", "Status", "Installed", "Fixed", "Title"}};
    for (const Finding& f : report.vulnerabilities) {
      rows.push_back({f.package_name, f.id, f.severity, f.status, f.installed_version, f.fixed_version,
                      Clip(f.title, kMaxTitleChars)});
    }
    std::array<std::size_t, 7> width{};
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    out << '\n';
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string line;
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        line += fmt::format("{:<{}}{}", rows[r][c], c + 1 < rows[r].size() ? width[c] : 0,
                            c + 1 < rows[r].size() ? "  " : "");
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
      if (r == 0) out << std::string(line.size(), '-') << '\n';
    }
  }
  if (!report.misconfigurations.empty()) {
    out << fmt::format("\nMisconfigurations: {}\n", report.misconfigurations.size());
    for (const Misconfiguration& m : report.misconfigurations) {
      std::string where = m.path.empty() ? "" : fmt::format(" at {}{}", m.path, m.line ? fmt::format(":{}", m.line) : "");
      if (!m.layer_diff_id.empty()) where += fmt::format(" (layer {})", m.layer_diff_id.substr(0, 19));
      out << fmt::format("  {}  {:<8}  {}: {}{}\n", m.id, m.severity, m.title, m.evidence, where);
    }
  }
  if (!report.secrets.empty()) {
    out << fmt::format("\nSecrets: {}\n", report.secrets.size());
    for (const SecretFinding& s : report.secrets) {
      std::string where = s.source == "file" ? fmt::format("{}:{}", s.path, s.line) : fmt::format("{} {}", s.source, s.path);
      if (!s.layer_diff_id.empty()) where += fmt::format(" (layer {})", s.layer_diff_id.substr(0, 19));
      if (!s.removed_in_layer.empty()) where += fmt::format(" [deleted in layer {}, still in the image]", s.removed_in_layer.substr(0, 19));
      out << fmt::format("  {:<8}  {}  {}  {}  {}\n", s.severity, s.rule_id, where, s.match, s.title);
    }
  }
  if (!report.suppressed.empty()) {
    out << fmt::format("\nSuppressed: {}\n", report.suppressed.size());
    for (const SuppressedFinding& s : report.suppressed) {
      out << fmt::format("  {} {} {} [{}] by {}{}{}\n", s.finding.package_name, s.finding.installed_version,
                         s.finding.id, s.status, s.by, s.justification.empty() ? "" : ": ", s.justification);
    }
  }
  if (report.policy) WritePolicy(*report.policy, out);
  if (!report.errors.empty()) {
    out << fmt::format("\n{} problem(s) while scanning:\n", report.errors.size());
    for (const ScanError& e : report.errors) {
      out << fmt::format("  [{}] {}{}{}\n", e.stage, e.path, e.path.empty() ? "" : ": ", e.message);
    }
  }
}

}  // namespace drydock
