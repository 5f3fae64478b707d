// Pieces of the self-contained HTML report, kept apart so each file stays small: escaping, the inline SVG
// severity chart, and the page's inline style and script. Nothing here may reference the network.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "drydock/report.h"

namespace drydock {

// Text safe inside HTML element content and double- or single-quoted attribute values.
std::string HtmlEscape(std::string_view text);

// Fill colours of the chart's bars, in kSeverityOrder. The tables use tinted backgrounds, never these exact
// colours, so a screenshot's pixels of these colours come from the chart alone.
inline constexpr std::array<std::string_view, 5> kSeverityChartColours = {"#b3001b", "#f2600c", "#f5b800",
                                                                          "#2f6fdb", "#8a8a8a"};

// A horizontal bar chart of the counts (in kSeverityOrder), one bar per severity, widths proportional to the
// counts, labelled with the severity and count; an empty report draws empty tracks.
std::string SeverityChartSvg(const std::array<std::size_t, 5>& counts);

// 1-based position of the layer with this diff_id in the artifact, 0 when the artifact does not list it.
std::size_t LayerNumber(const Artifact& artifact, std::string_view diff_id);
// "<td>" for a finding's or package's layer: "#N" sortable by N, the layer's history entry as a tooltip.
std::string LayerCell(const Artifact& artifact, std::string_view diff_id);

// A severity word as a tinted badge (never the chart's colours).
std::string SeverityBadge(std::string_view severity);

// The sections after the findings table, each appended to `out`: findings per layer and per package, then
// secrets, misconfigurations, suppressed findings and scan errors when there are any.
void AppendLayerSection(const ScanReport& report, std::string& out);
void AppendPackageSection(const ScanReport& report, std::string& out);
void AppendExtraSections(const ScanReport& report, std::string& out);
// The identified base image: findings from it and from the image's own layers, and the rebuild advice.
void AppendBaseSection(const ScanReport& report, std::string& out);

std::string_view HtmlStyle();   // the <style> body
std::string_view HtmlScript();  // the <script> body: sorting, filtering, and the data-ready marker

}  // namespace drydock
