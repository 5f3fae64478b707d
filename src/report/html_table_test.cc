// The human-facing reporters in process, on a report built here: HTML escaping, the chart's bar sizes, and
// the table's colours, which must change nothing but the escape codes.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "report/html_parts.h"
#include "report/report.h"

namespace drydock {
namespace {

TEST(HtmlEscapeTest, EscapesEveryMarkupCharacter) {
  const std::pair<std::string, std::string> cases[] = {
      {"plain 1.2.3-r4", "plain 1.2.3-r4"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"a&b", "a&amp;b"},
      {"\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"},
      {"&amp;", "&amp;amp;"},  // already-escaped text is escaped again: it is data, not markup
      {"", ""}};
  for (const auto& [in, want] : cases) EXPECT_EQ(HtmlEscape(in), want) << in;
}

// Widths of the chart's coloured bars, in severity order ("" when a severity has no bar).
std::vector<std::string> BarWidths(const std::string& svg) {
  std::vector<std::string> out(5);
  std::regex bar(
      "width=\"([0-9]+)\" height=\"26\" fill=\"[^\"]+\" shape-rendering=\"crispEdges\" "
      "data-severity=\"([A-Z]+)\"");
  const char* order[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it) {
    for (std::size_t i = 0; i < 5; ++i) {
      if ((*it)[2] == order[i]) out[i] = (*it)[1];
    }
  }
  return out;
}

TEST(SeverityChartTest, BarsAreProportionalAndSmallOnesStayVisible) {
  EXPECT_EQ(BarWidths(SeverityChartSvg({3, 3, 5, 1, 3})),
            (std::vector<std::string>{"228", "228", "380", "76", "228"}));
  EXPECT_EQ(BarWidths(SeverityChartSvg({1, 1000, 0, 0, 0})),
            (std::vector<std::string>{"6", "380", "", "", ""}));
  EXPECT_EQ(BarWidths(SeverityChartSvg({0, 0, 0, 0, 0})), (std::vector<std::string>(5)));
}

ScanReport SampleReport() {
  ScanReport report;
  report.artifact = {
      .name = "img", .type = "container_image", .os = {.family = "alpine", .version = "3.4.6"}};
  report.packages = {
      {.id = "apk:musl@1.1.14-r10", .name = "musl", .version = "1.1.14-r10", .ecosystem = "apk"},
      {.id = "npm:lodash@4.17.15",
       .name = "lodash",
       .version = "4.17.15",
       .ecosystem = "npm",
       .path = "app/package-lock.json"}};
  report.vulnerabilities = {{.id = "CVE-1",
                             .package_id = "apk:musl@1.1.14-r10",
                             .package_name = "musl",
                             .installed_version = "1.1.14-r10",
                             .fixed_version = "1.1.14-r11",
                             .status = "fixed",
                             .severity = "CRITICAL",
                             .title = "overflow"},
                            {.id = "GHSA-2",
                             .package_id = "npm:lodash@4.17.15",
                             .package_name = "lodash",
                             .installed_version = "4.17.15",
                             .status = "affected",
                             .severity = "LOW",
                             .title = "pollution"}};
  return report;
}

TEST(TableReportTest, SummaryGroupsAndColourOnlyAddEscapes) {
  std::ostringstream plain, coloured;
  WriteTableReport(SampleReport(), plain, {});
  WriteTableReport(SampleReport(), coloured, {.colour = true});
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_NE(plain.str().find("Total: 2 (CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 1, UNKNOWN: 0), fixable: 1\n"),
            std::string::npos)
      << plain.str();
  // OS packages first, then the lockfile's.
  std::size_t os = plain.str().find("\nOS packages (alpine 3.4.6, apk)\n");
  std::size_t npm = plain.str().find("\napp/package-lock.json (npm)\n");
  EXPECT_NE(os, std::string::npos);
  EXPECT_LT(os, npm);
  EXPECT_NE(coloured.str().find("\x1b[1;31mCRITICAL"), std::string::npos);
  EXPECT_EQ(std::regex_replace(coloured.str(), std::regex("\x1b\\[[0-9;]*m"), ""), plain.str());
}

// The by-package table names the highest fixed version, digit runs compared as numbers.
TEST(HtmlReportTest, PackageRowNamesTheHighestFix) {
  ScanReport report = SampleReport();
  for (const char* fixed : {"1.19.2", "1.19.10", "1.19.9"}) {
    report.vulnerabilities.push_back({.id = std::string("GO-") + fixed,
                                      .package_id = "npm:lodash@4.17.15",
                                      .package_name = "lodash",
                                      .installed_version = "4.17.15",
                                      .fixed_version = fixed,
                                      .severity = "HIGH"});
  }
  report.policy = PolicyVerdict{.file = "p<1>.yaml",
                                .passed = false,
                                .rules = {{.id = "no-critical",
                                           .severity = "HIGH",
                                           .message = "none",
                                           .action = "deny",
                                           .passed = false,
                                           .evidence = {"CVE-1 musl"}}}};
  std::ostringstream page;
  WriteHtmlReport(report, page);
  EXPECT_NE(page.str().find("Policy p&lt;1&gt;.yaml: <span class=\"eol\">FAIL</span>"), std::string::npos);
  EXPECT_NE(page.str().find("<td class=\"mono\">no-critical</td>"), std::string::npos);
  EXPECT_NE(page.str().find("1.19.10</span> <span class=\"muted\">(and 2 earlier fixes)</span>"),
            std::string::npos);
  EXPECT_NE(page.str().find("<span class=\"fix\">1.1.14-r11</span></td>"), std::string::npos);
}

}  // namespace
}  // namespace drydock
