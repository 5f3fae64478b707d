// Writing a finished report in one of the formats a user can ask for (--format).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

// How a human-facing report is dressed. Machine formats ignore it.
struct ReportStyle {
  bool colour = false;  // ANSI colours: the CLI sets it only for a terminal, and never when NO_COLOR is set
};

// The format names, in the order `--help` lists them: table, json, sarif, cyclonedx, spdx-json, junit, html.
std::vector<std::string_view> ReportFormats();
bool IsReportFormat(std::string_view format);

// Writes `report` in `format` to `out`. Errors: an unknown format (kInvalidInput), a stream that failed.
Status WriteReport(const ScanReport& report, std::string_view format, std::ostream& out,
                   const ReportStyle& style = {});

}  // namespace drydock
