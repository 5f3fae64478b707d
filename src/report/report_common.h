// Small facts every machine-readable reporter shares: the tool's name and version, the report time, and how
// drydock's severities map onto other formats' scales.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/severity.h"
#include "drydock/report.h"

namespace drydock {

inline constexpr std::string_view kToolName = "drydock";
inline constexpr std::string_view kToolVersion = "0.1.0";
inline constexpr std::string_view kToolUri = "https://github.com/drydock-scanner/drydock";

// UTC "YYYY-MM-DDThh:mm:ssZ" for report.created_unix, or for now when it is 0. The CLI sets it from
// $SOURCE_DATE_EPOCH (reproducible builds' convention), so a report can be made byte-identical on demand.
std::string ReportTimestamp(const ScanReport& report);

// A CVSS-like score for a severity word (CRITICAL 9.5, HIGH 8.0, MEDIUM 5.5, LOW 2.0, else 0.0): what SARIF's
// `security-severity` property and code-scanning UIs rank by when no CVSS score is known.
double SeverityScore(std::string_view severity);

// The index of `severity` in kSeverityOrder (common/severity.h), worst first; words drydock does not know count as UNKNOWN.
std::size_t SeverityIndex(std::string_view severity);

// Findings per severity, in kSeverityOrder.
std::array<std::size_t, 5> SeverityCounts(const std::vector<Finding>& findings);

// Findings with a fixed version: what upgrading would clear.
std::size_t FixableCount(const std::vector<Finding>& findings);

// The package ids the findings name (for PackageTable::ById).
std::unordered_set<std::string> PackageIds(const std::vector<Finding>& findings);

// A UUID (RFC 4122 layout, version 5 bits) derived from the artifact, its packages and the timestamp: the same
// report gives the same id, different scans different ids. CycloneDX serialNumber and SPDX namespaces use it.
std::string ReportUuid(const ScanReport& report, std::string_view timestamp);

// A stable identifier for the artifact for URIs: its digest when known, else its name.
std::string ArtifactKey(const Artifact& artifact);

}  // namespace drydock
