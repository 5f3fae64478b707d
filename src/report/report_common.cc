#include "report/report_common.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "common/sha256.h"

namespace drydock {

std::string ReportTimestamp(const ScanReport& report) {
  std::time_t when = report.created_unix > 0 ? static_cast<std::time_t>(report.created_unix) : std::time(nullptr);
  std::tm utc{};
  gmtime_r(&when, &utc);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", utc);
}

double SeverityScore(std::string_view severity) {
  if (severity == "CRITICAL") return 9.5;
  if (severity == "HIGH") return 8.0;
  if (severity == "MEDIUM") return 5.5;
  if (severity == "LOW") return 2.0;
  return 0.0;
}

std::size_t SeverityIndex(std::string_view severity) { return static_cast<std::size_t>(SeverityRank(severity)); }

std::array<std::size_t, 5> SeverityCounts(const std::vector<Finding>& findings) {
  std::array<std::size_t, 5> counts{};
  for (const Finding& f : findings) ++counts[SeverityIndex(f.severity)];
  return counts;
}

std::size_t FixableCount(const std::vector<Finding>& findings) {
  std::size_t n = 0;
  for (const Finding& f : findings) n += f.fixed_version.empty() ? 0 : 1;
  return n;
}

std::unordered_set<std::string> PackageIds(const std::vector<Finding>& findings) {
  std::unordered_set<std::string> ids;
  for (const Finding& f : findings) ids.insert(f.package_id);
  return ids;
}

std::string ReportUuid(const ScanReport& report, std::string_view timestamp) {
  std::string seed = fmt::format("{}\n{}\n", ArtifactKey(report.artifact), timestamp);
  for (const Package& p : report.packages) seed += p.id + "\n";
  std::string hex = Sha256::HexOf(seed);
  hex[12] = '5';                                         // version 5 (name-based, SHA)
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20, 12));
}

std::string ArtifactKey(const Artifact& artifact) { return artifact.digest.empty() ? artifact.name : artifact.digest; }

}  // namespace drydock
