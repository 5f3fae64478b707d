// Reporters: one per output format, in an explicit table. Each writes a whole report to a stream.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

struct Reporter {
  std::string_view format;  // the --format value
  void (*write)(const ScanReport& report, std::ostream& out);
};

std::span<const Reporter> Reporters();
const Reporter* FindReporter(std::string_view format);  // nullptr when unknown

void WriteJsonReport(const ScanReport& report, std::ostream& out);   // DESIGN.md's schema_version 1
void WriteTableReport(const ScanReport& report, std::ostream& out);  // summary by severity, then rows
void WriteSarifReport(const ScanReport& report, std::ostream& out);      // SARIF 2.1.0
void WriteCycloneDxReport(const ScanReport& report, std::ostream& out);  // CycloneDX 1.6 JSON (SBOM + findings)
void WriteSpdxJsonReport(const ScanReport& report, std::ostream& out);   // SPDX 2.3 JSON
void WriteJunitReport(const ScanReport& report, std::ostream& out);      // JUnit XML, a testcase per package
void WriteHtmlReport(const ScanReport& report, std::ostream& out);       // one self-contained page, no network

}  // namespace drydock
