#include "cli/scan_flags.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "report/report.h"

namespace drydock {

void AddScanFlags(CLI::App& app, ScanFlags& flags) {
  app.add_option("--db", flags.db, "Compiled vulnerability DB (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--skip-db", flags.skip_db, "List packages only; do not match vulnerabilities");
  app.add_option("-f,--format", flags.format, "table | json")->capture_default_str();
  app.add_option("-o,--output", flags.output, "Write the report to FILE instead of stdout");
  app.add_option("-s,--severity", flags.severity, "Only these severities, e.g. HIGH,CRITICAL");
  app.add_option("--exit-code", flags.exit_code, "Exit with this code when findings remain after filtering");
  app.add_flag("--ignore-unfixed", flags.options.ignore_unfixed, "Drop findings that have no fixed version");
  app.add_flag("--list-all-pkgs", flags.list_all_pkgs, "Accepted for Trivy scripts; the JSON report always lists packages");
  app.add_flag("-q,--quiet", flags.quiet, "No warnings on stderr");
  app.add_option("--scanners", flags.scanners, "Comma list of vuln, secret, config")->capture_default_str();
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
  flags.options.scan_vulns = flags.options.scan_secrets = flags.options.scan_config = false;
  for (std::size_t start = 0; start <= flags.scanners.size();) {
    std::size_t comma = std::min(flags.scanners.find(',', start), flags.scanners.size());
    std::string name = flags.scanners.substr(start, comma - start);
    if (name == "vuln") {
      flags.options.scan_vulns = true;
    } else if (name == "secret") {
      flags.options.scan_secrets = true;
    } else if (name == "config" || name == "misconfig") {
      flags.options.scan_config = true;
    } else if (!name.empty()) {
      fmt::print(stderr, "drydock: unknown scanner \"{}\" in --scanners (vuln, secret, config)\n", name);
      return kExitUsage;
    }
    start = comma + 1;
  }
  if (!flags.skip_db && flags.options.scan_vulns) flags.options.db_path = flags.db.empty() ? DefaultDbPath() : flags.db;
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
  FindReporter(flags.format)->write(*report, out);
  out.flush();
  if (!out) {
    fmt::print(stderr, "drydock: writing the report failed\n");
    return kExitError;
  }
  bool clean = report->vulnerabilities.empty() && report->secrets.empty() && report->misconfigurations.empty();
  return clean ? kExitOk : flags.exit_code;
}

}  // namespace drydock
