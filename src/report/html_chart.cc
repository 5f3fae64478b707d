// HTML escaping and the severity chart, drawn as inline SVG so the report needs no script or network to show
// it.
#include <fmt/format.h>

#include <algorithm>

#include "report/html_parts.h"
#include "report/report_common.h"

namespace drydock {
namespace {

constexpr int kLabelWidthPx = 100;
constexpr int kTrackWidthPx = 380;
constexpr int kBarHeightPx = 26;
constexpr int kRowHeightPx = 36;
constexpr int kMinBarWidthPx = 6;  // a single finding among thousands must still be visible

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string SeverityChartSvg(const std::array<std::size_t, 5>& counts) {
  const std::size_t most = std::max<std::size_t>(1, *std::max_element(counts.begin(), counts.end()));
  const int width = kLabelWidthPx + kTrackWidthPx + 70;
  const int height = kRowHeightPx * static_cast<int>(counts.size());
  std::string svg = fmt::format(
      "<svg id=\"severity-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"Findings by severity\">",
      width, height);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const int y = kRowHeightPx * static_cast<int>(i) + (kRowHeightPx - kBarHeightPx) / 2;
    int bar =
        static_cast<int>(static_cast<double>(counts[i]) * kTrackWidthPx / static_cast<double>(most) + 0.5);
    if (counts[i] > 0) bar = std::max(bar, kMinBarWidthPx);
    svg += fmt::format("<text x=\"0\" y=\"{}\" class=\"chart-label\">{}</text>", y + kBarHeightPx - 8,
                       kSeverityOrder[i]);
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"chart-track\"/>",
                       kLabelWidthPx, y, kTrackWidthPx, kBarHeightPx);
    if (bar > 0) {
      // shape-rendering=crispEdges keeps the fill colour exact to the edge, so pixels can be counted.
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" shape-rendering=\"crispEdges\" "
          "data-severity=\"{}\" data-count=\"{}\"/>",
          kLabelWidthPx, y, bar, kBarHeightPx, kSeverityChartColours[i], kSeverityOrder[i], counts[i]);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"chart-count\">{}</text>",
                       kLabelWidthPx + kTrackWidthPx + 10, y + kBarHeightPx - 8, counts[i]);
  }
  return svg + "</svg>";
}

}  // namespace drydock
