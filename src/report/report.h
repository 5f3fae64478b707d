// Reporters: one per output format, in an explicit table. Each writes a whole report to a stream.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include "drydock/error.h"
#include "drydock/report.h"
#include "drydock/report_writer.h"

namespace drydock {

struct Reporter {
  std::string_view format;  // the --format value
  void (*write_styled)(const ScanReport& report, std::ostream& out, const ReportStyle& style);

  void write(const ScanReport& report, std::ostream& out, const ReportStyle& style = {}) const {
    write_styled(report, out, style);
  }
};

std::span<const Reporter> Reporters();
const Reporter* FindReporter(std::string_view format);  // nullptr when unknown

void WriteJsonReport(const ScanReport& report, std::ostream& out);   // DESIGN.md's schema_version 1
// The inverse (json_report_read.cc): what WriteJsonReport wrote, read back, so WriteJsonReport(read) gives the
// same bytes. Errors (kInvalidInput): over `max_bytes`, nested too deep, not JSON, another schema_version.
Result<ScanReport> ReadJsonReport(std::string_view text, std::size_t max_bytes = std::size_t{1} << 30);
// Summary line, then findings grouped by target (the OS, each language package file), severities coloured
// when style.colour says so.
void WriteTableReport(const ScanReport& report, std::ostream& out, const ReportStyle& style = {});
void WriteSarifReport(const ScanReport& report, std::ostream& out);      // SARIF 2.1.0
void WriteCycloneDxReport(const ScanReport& report, std::ostream& out);  // CycloneDX 1.6 JSON (SBOM + findings)
void WriteSpdxJsonReport(const ScanReport& report, std::ostream& out);   // SPDX 2.3 JSON
void WriteJunitReport(const ScanReport& report, std::ostream& out);      // JUnit XML, a testcase per package
void WriteHtmlReport(const ScanReport& report, std::ostream& out);       // one self-contained page, no network

}  // namespace drydock
