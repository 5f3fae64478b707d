#include "cli/scan_flags.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace drydock {
namespace {

constexpr const char* kDefaultIgnoreFile = ".drydockignore";

}  // namespace

void AddScanFlags(CLI::App& app, ScanFlags& flags) {
  app.add_option("--db", flags.db, "Compiled vulnerability DB (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--skip-db", flags.skip_db, "List packages only; do not match vulnerabilities");
  app.add_option("-f,--format", flags.format, "table | json | sarif | cyclonedx | spdx-json | junit")->capture_default_str();
  app.add_option("-o,--output", flags.output, "Write the report to FILE instead of stdout");
  app.add_option("-s,--severity", flags.severity, "Only these severities, e.g. HIGH,CRITICAL");
  app.add_option("--exit-code", flags.exit_code, "Exit with this code when findings remain after filtering");
  app.add_flag("--ignore-unfixed", flags.options.ignore_unfixed, "Drop findings that have no fixed version");
  app.add_flag("--list-all-pkgs", flags.list_all_pkgs, "Accepted for Trivy scripts; the JSON report always lists packages");
  app.add_option("--ignore-status", flags.ignore_status, "Drop findings with these statuses, e.g. affected,will_not_fix");
  app.add_option("--ignorefile", flags.options.ignore_file,
                 "Ignore file (text, or YAML if .yaml/.yml; default: ./.drydockignore when present)");
  app.add_option("--vex", flags.options.vex_files, "OpenVEX or CycloneDX VEX file (may repeat)");
  app.add_flag("--show-suppressed", flags.show_suppressed, "List the findings the ignore file, VEX or statuses hid");
  app.add_flag("--sbom-only", flags.sbom_only, "cyclonedx: write the SBOM without vulnerabilities");
  app.add_flag("-q,--quiet", flags.quiet, "No warnings on stderr");
  app.add_option("--threads", flags.options.max_threads, "Layers read at once (default: CPU count)");
}

int RunScan(ScanFlags& flags, const ScanFunction& scan) {
  if (FindReporter(flags.format) == nullptr) {
    fmt::print(stderr, "drydock: unknown --format \"{}\"\n", flags.format);
    return kExitUsage;
  }
  for (std::size_t start = 0; start < flags.severity.size();) {
    std::size_t comma = std::min(flags.severity.find(',', start), flags.severity.size());
    std::string level = flags.severity.substr(start, comma - start);
    std::transform(level.begin(), level.end(), level.begin(), [](unsigned char c) { return std::toupper(c); });
    if (!level.empty()) flags.options.severities.push_back(level);
    start = comma + 1;
  }
  for (std::size_t start = 0; start < flags.ignore_status.size();) {
    std::size_t comma = std::min(flags.ignore_status.find(',', start), flags.ignore_status.size());
    if (comma > start) flags.options.ignore_statuses.push_back(flags.ignore_status.substr(start, comma - start));
    start = comma + 1;
  }
  if (flags.options.ignore_file.empty() && std::filesystem::exists(kDefaultIgnoreFile)) {
    flags.options.ignore_file = kDefaultIgnoreFile;
  }
  if (!flags.skip_db) flags.options.db_path = flags.db.empty() ? DefaultDbPath() : flags.db;
  auto report = scan(flags.options);
  if (!report) {
    fmt::print(stderr, "drydock: {}\n", report.error().message);
    return kExitError;
  }
  if (!flags.quiet) {
    for (const ScanError& e : report->errors) fmt::print(stderr, "drydock: warning: [{}] {} {}\n", e.stage, e.path, e.message);
  }
  std::ofstream file;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      fmt::print(stderr, "drydock: cannot write {}\n", flags.output);
      return kExitError;
    }
  }
  std::ostream& out = flags.output.empty() ? std::cout : file;
  if (!flags.show_suppressed) report->suppressed.clear();
  const bool has_findings = !report->vulnerabilities.empty();
  if (flags.sbom_only) report->vulnerabilities.clear();  // the exit code still reflects the findings
  FindReporter(flags.format)->write(*report, out);
  out.flush();
  if (!out) {
    fmt::print(stderr, "drydock: writing the report failed\n");
    return kExitError;
  }
  return has_findings ? flags.exit_code : kExitOk;
}

}  // namespace drydock
