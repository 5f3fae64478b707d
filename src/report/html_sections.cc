// The HTML report's grouped views: findings per layer (with the history entry that made the layer) and per
// package (worst severity, what to upgrade to), then secrets, misconfigurations, suppressed findings and
// errors.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "report/html_parts.h"
#include "report/report_common.h"

namespace drydock {
namespace {

// Digit runs compared as numbers ("1.19.10" after "1.19.9"). Not any ecosystem's real ordering, which the
// report layer does not have; good enough to show the highest fixed version first, as the likely upgrade
// target.
bool NaturalLess(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && std::isdigit(static_cast<unsigned char>(a[i_end]))) ++i_end;
      while (j_end < b.size() && std::isdigit(static_cast<unsigned char>(b[j_end]))) ++j_end;
      std::string_view x = std::string_view(a).substr(i, i_end - i),
                       y = std::string_view(b).substr(j, j_end - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end, j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

// "1.25.13" for one fixed version; "1.25.13 (and 39 earlier fixes)" when the findings are fixed in several.
std::string FixedInCell(const std::set<std::string>& fixed_in) {
  if (fixed_in.empty()) return "<span class=\"nofix\">no fix</span>";
  const std::string& highest = *std::max_element(fixed_in.begin(), fixed_in.end(), NaturalLess);
  std::string cell = "<span class=\"fix\">" + HtmlEscape(highest) + "</span>";
  if (fixed_in.size() > 1)
    cell += fmt::format(" <span class=\"muted\">(and {} earlier fixes)</span>", fixed_in.size() - 1);
  return cell;
}

// One package's findings, for the by-package table.
struct PackageRow {
  std::vector<const Finding*> findings;
  std::size_t worst = kSeverityOrder.size() - 1;
  std::set<std::string> fixed_in;
};

void AppendVulnerablePackages(const ScanReport& report, const std::map<std::string, PackageRow>& rows,
                              std::string& out);

}  // namespace

std::string SeverityBadge(std::string_view severity) {
  std::string_view known = kSeverityOrder[SeverityIndex(severity)];
  return fmt::format("<span class=\"sev sev-{0}\">{0}</span>", known);
}

std::size_t LayerNumber(const Artifact& artifact, std::string_view diff_id) {
  for (std::size_t i = 0; i < artifact.layers.size(); ++i) {
    if (!diff_id.empty() && artifact.layers[i].diff_id == diff_id) return i + 1;
  }
  return 0;
}

std::string LayerCell(const Artifact& artifact, std::string_view diff_id) {
  std::size_t n = LayerNumber(artifact, diff_id);
  if (n == 0) return "<td data-sort=\"0\">&mdash;</td>";
  return fmt::format("<td data-sort=\"{0}\" title=\"{1}\">#{0}</td>", n,
                     HtmlEscape(artifact.layers[n - 1].created_by));
}

void AppendLayerSection(const ScanReport& report, std::string& out) {
  const Artifact& a = report.artifact;
  if (a.layers.empty()) return;
  std::vector<std::size_t> packages(a.layers.size() + 1, 0);
  for (const Package& p : report.packages) ++packages[LayerNumber(a, p.layer_diff_id)];
  std::vector<std::vector<Finding>> findings(a.layers.size() + 1);
  for (const Finding& f : report.vulnerabilities) findings[LayerNumber(a, f.layer_diff_id)].push_back(f);
  out +=
      "<section id=\"by-layer\"><h2>By layer</h2><table class=\"sortable\"><thead><tr><th "
      "data-kind=\"num\">#</th>"
      "<th>Created by</th><th data-kind=\"num\">Packages</th><th data-kind=\"num\">Vulnerabilities</th>";
  for (std::string_view severity : kSeverityOrder)
    out += fmt::format("<th data-kind=\"num\">{}</th>", severity);
  out += "<th data-kind=\"num\">Fixable</th></tr></thead><tbody>";
  for (std::size_t n = 1; n <= a.layers.size(); ++n) {
    const LayerInfo& layer = a.layers[n - 1];
    out += fmt::format(
        "<tr><td>{}</td><td class=\"mono\">{}<br><span class=\"muted\">{}</span></td><td>{}</td><td>{}</td>",
        n, HtmlEscape(layer.created_by.empty() ? "(no history entry)" : layer.created_by),
        HtmlEscape(layer.diff_id), packages[n], findings[n].size());
    for (std::size_t count : SeverityCounts(findings[n])) out += fmt::format("<td>{}</td>", count);
    out += fmt::format("<td>{}</td></tr>", FixableCount(findings[n]));
  }
  out += "</tbody></table></section>\n";
}

void AppendPackageSection(const ScanReport& report, std::string& out) {
  std::map<std::string, PackageRow> rows;  // by package id
  for (const Finding& f : report.vulnerabilities) {
    PackageRow& row = rows[f.package_id];
    row.findings.push_back(&f);
    row.worst = std::min(row.worst, SeverityIndex(f.severity));
    if (!f.fixed_version.empty()) row.fixed_in.insert(f.fixed_version);
  }
  out += fmt::format(
      "<section id=\"by-package\"><h2>By package</h2><p class=\"muted\">{} of {} packages have known "
      "vulnerabilities.</p>",
      rows.size(), report.packages.size());
  if (!rows.empty()) AppendVulnerablePackages(report, rows, out);
  // The rest of the inventory, folded away: a reader looking for a package can still find it here.
  out += fmt::format(
      "<details><summary>{} packages without known vulnerabilities</summary><table class=\"sortable\">"
      "<thead><tr><th>Package</th><th>Version</th><th>Ecosystem</th><th data-kind=\"num\">Layer</th>"
      "<th>Found in</th></tr></thead><tbody>",
      report.packages.size() - rows.size());
  for (const Package& p : report.packages) {
    if (rows.contains(p.id)) continue;
    out +=
        fmt::format("<tr><td>{}</td><td class=\"mono\">{}</td><td>{}</td>{}<td class=\"mono\">{}</td></tr>",
                    HtmlEscape(p.name), HtmlEscape(p.version), HtmlEscape(p.ecosystem),
                    LayerCell(report.artifact, p.layer_diff_id), HtmlEscape(p.path));
  }
  out += "</tbody></table></details></section>\n";
}

namespace {

void AppendVulnerablePackages(const ScanReport& report, const std::map<std::string, PackageRow>& rows,
                              std::string& out) {
  out +=
      "<table class=\"sortable filterable\"><thead><tr><th>Package</th><th>Version</th><th>Ecosystem</th>"
      "<th data-kind=\"sev\">Worst</th><th data-kind=\"num\">Vulnerabilities</th><th "
      "data-kind=\"num\">Fixable</th>"
      "<th>Upgrade to</th><th data-kind=\"num\">Layer</th></tr></thead><tbody>";
  // Worst first, then the most findings: the top rows are what to upgrade first.
  std::vector<std::pair<const std::string*, const PackageRow*>> order;
  for (const auto& [id, row] : rows) order.emplace_back(&id, &row);
  const std::unordered_map<std::string, Package> packages = report.packages.ById(PackageIds(report.vulnerabilities));
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.second->worst != b.second->worst) return a.second->worst < b.second->worst;
    return a.second->findings.size() > b.second->findings.size();
  });
  for (const auto& [id_pointer, row_pointer] : order) {
    const std::string& id = *id_pointer;
    const PackageRow& row = *row_pointer;
    const Finding& first = *row.findings.front();
    const auto found = packages.find(id);
    const Package* p = found == packages.end() ? nullptr : &found->second;
    std::size_t fixable = 0;
    for (const Finding* f : row.findings) fixable += f->fixed_version.empty() ? 0 : 1;
    std::string_view worst = kSeverityOrder[row.worst];
    out += fmt::format(
        "<tr data-severity=\"{}\"><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td class=\"mono\">{}</td>{}</tr>",
        worst, HtmlEscape(first.package_name), HtmlEscape(first.installed_version),
        HtmlEscape(p != nullptr ? p->ecosystem : ""), SeverityBadge(worst), row.findings.size(), fixable,
        FixedInCell(row.fixed_in), LayerCell(report.artifact, first.layer_diff_id));
  }
  out += "</tbody></table>";
}

}  // namespace

}  // namespace drydock
