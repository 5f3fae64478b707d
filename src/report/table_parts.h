// Pieces of the terminal table report shared by its two files.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "drydock/report.h"
#include "report/report.h"

namespace drydock {

// `text` wrapped in the ANSI colour for `severity` when colour is on; the text itself unchanged otherwise.
std::string ColourSeverity(std::string_view severity, const std::string& text, const ReportStyle& style);
// `text` in bold when colour is on.
std::string Bold(const std::string& text, const ReportStyle& style);

// The sections after the vulnerabilities: misconfigurations, secrets, suppressed findings, the policy
// verdict, scan errors.
void WriteTableExtras(const ScanReport& report, std::ostream& out, const ReportStyle& style);

// "name:tag" of an identified base.
std::string BaseImageLine(const BaseImageInfo& base);
// The --base-advice options, one line each; nothing when advice was not asked for.
void WriteTableBaseAdvice(const ScanReport& report, std::ostream& out, const ReportStyle& style);

}  // namespace drydock
