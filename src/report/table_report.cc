// The terminal report: what was scanned, one summary line ("Total: N (CRITICAL: a, ...), fixable: f"), then
// the findings grouped by target as Trivy does (the OS packages, then each file language packages came from),
// each group with its own count and rows, then misconfigurations, secrets, suppressed findings and errors.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>
#include <sstream>
#include <unordered_map>

#include "common/ecosystem.h"
#include "report/report.h"
#include "report/report_common.h"
#include "report/table_parts.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxTitleChars = 60;
constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;

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

std::string Summary(const std::vector<Finding>& findings) {
  const auto counts = SeverityCounts(findings);
  std::string line = fmt::format("Total: {} (", findings.size());
  for (std::size_t i = 0; i < kSeverityOrder.size(); ++i) {
    line += fmt::format("{}{}: {}", i == 0 ? "" : ", ", kSeverityOrder[i], counts[i]);
  }
  return line + fmt::format("), fixable: {}", FixableCount(findings));
}

// The group a finding is reported under: OS packages together, language packages by the file they came from.
std::string TargetOf(const Finding& f, const Package* p, const Artifact& artifact) {
  const std::string ecosystem = p != nullptr ? p->ecosystem : "";
  if (IsOsEcosystem(ecosystem)) {
    std::string os = artifact.os.empty() ? "unknown OS" : artifact.os.family + " " + artifact.os.version;
    return fmt::format("OS packages ({}, {})", os, ecosystem);
  }
  const std::string& path = p != nullptr && !p->path.empty() ? p->path : f.path;
  return fmt::format("{} ({})", path.empty() ? "packages" : path, ecosystem.empty() ? "unknown" : ecosystem);
}

void WriteRow(const Row& row, const std::array<std::size_t, kColumns>& width, std::string_view severity,
              const ReportStyle& style, std::ostream& out) {
  std::string line;
  for (std::size_t c = 0; c < kColumns; ++c) {
    std::string cell = c + 1 < kColumns ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
    line += c == 2 && !severity.empty() ? ColourSeverity(severity, cell, style) : cell;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out << line << '\n';
}

}  // namespace

void WriteTableReport(const ScanReport& report, std::ostream& out, const ReportStyle& style) {
  const Artifact& a = report.artifact;
  std::string os = a.os.empty() ? "unknown OS" : fmt::format("{} {}", a.os.family, a.os.version);
  out << Bold(a.name, style)
      << fmt::format(" ({}, {} layers, {} packages)\n", os, a.layers.size(), report.packages.size());
  if (!a.os_end_of_life.empty()) {
    out << fmt::format("OS end of life: {} {} gets no security updates since {}\n", a.os.family, a.os.version,
                       a.os_end_of_life);
  }
  if (a.base_image) {
    const BaseImageInfo& b = *a.base_image;
    std::size_t from_base = 0;
    for (const Finding& f : report.vulnerabilities) from_base += f.base ? 1 : 0;
    out << fmt::format("Base image: {}{}{} ({} layers, by {}{}); {} of {} findings from the base\n", b.name,
                       b.tag.empty() ? "" : ":", b.tag, b.layers, b.source,
                       b.candidates.size() > 1 ? fmt::format(", {} candidate tags", b.candidates.size()) : "",
                       from_base, report.vulnerabilities.size());
  }
  WriteConfigSummary(a.config, out);
  out << Summary(report.vulnerabilities) << '\n';

  const std::unordered_map<std::string, Package> packages = report.packages.ById(PackageIds(report.vulnerabilities));
  // Keyed (from your layers, is not OS, target): with an identified base, its findings first; then OS packages
  // first, then each file by name.
  std::map<std::tuple<bool, bool, std::string>, std::vector<Finding>> groups;
  for (const Finding& f : report.vulnerabilities) {
    auto found = packages.find(f.package_id);
    std::string target = TargetOf(f, found == packages.end() ? nullptr : &found->second, a);
    groups[{a.base_image && !f.base, !target.starts_with("OS packages"), target}].push_back(f);
  }
  const Row header = {"Package", "Vulnerability", "Severity", "Status", "Installed", "Fixed", "Title"};
  std::array<std::size_t, kColumns> width{};
  for (std::size_t c = 0; c < kColumns; ++c) width[c] = header[c].size();
  auto row_of = [](const Finding& f) {
    return Row{f.package_name,
               f.id,
               f.severity,
               f.status,
               f.installed_version,
               f.fixed_version,
               Clip(f.title, kMaxTitleChars)};
  };
  for (const Finding& f : report.vulnerabilities) {
    Row row = row_of(f);
    for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::optional<bool> origin;  // the split heading last written
  for (const auto& [key, findings] : groups) {
    const auto& [from_app, not_os, target] = key;
    if (a.base_image && origin != from_app) {
      origin = from_app;
      std::vector<Finding> part;
      for (const Finding& f : report.vulnerabilities) {
        if (f.base != from_app) part.push_back(f);
      }
      out << '\n'
          << Bold(from_app ? "From your layers" : "From the base image " + BaseImageLine(*a.base_image), style)
          << ": " << Summary(part) << '\n';
    }
    out << '\n' << Bold(target, style) << '\n' << Summary(findings) << '\n';
    std::ostringstream header_line;
    WriteRow(header, width, "", style, header_line);
    out << header_line.str() << std::string(header_line.str().size() - 1, '-') << '\n';
    for (const Finding& f : findings) WriteRow(row_of(f), width, f.severity, style, out);
  }
  WriteTableBaseAdvice(report, out, style);
  WriteTableExtras(report, out, style);
}

}  // namespace drydock
