#include "cli/scan_flags.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <tuple>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/progress_line.h"
#include "drydock/policy.h"
#include "drydock/report_writer.h"
#include "match/severity.h"

namespace drydock {
namespace {

constexpr std::uint32_t kMaxAgeHours = 24 * 365 * 10;

// "72h", "7d", "0"; nullopt for anything else.
std::optional<std::uint32_t> ParseAgeHours(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 6) return std::nullopt;
  std::uint32_t n = static_cast<std::uint32_t>(std::stoul(text.substr(0, digits)));
  std::string unit = text.substr(digits);
  if (unit == "d") n *= 24;
  else if (unit != "h" && !(unit.empty() && n == 0)) return std::nullopt;
  if (n > kMaxAgeHours) return std::nullopt;
  return n;
}
// "500M", "2GiB", "1048576": binary units (K, M, G, with or without "B"/"iB"); nullopt for anything else or 0.
std::optional<std::uint64_t> ParseByteSize(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 12) return std::nullopt;
  std::uint64_t n = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::toupper(c); });
  constexpr std::pair<std::string_view, int> kUnits[] = {{"", 0},     {"B", 0},   {"K", 10},  {"KB", 10},
                                                          {"KIB", 10}, {"M", 20},  {"MB", 20}, {"MIB", 20},
                                                          {"G", 30},   {"GB", 30}, {"GIB", 30}};
  int shift = -1;
  for (const auto& [spelling, bits] : kUnits) {
    if (unit == spelling) shift = bits;
  }
  if (shift < 0 || n == 0 || n > (std::uint64_t{1} << (62 - shift))) return std::nullopt;
  return n << shift;
}

constexpr const char* kDefaultIgnoreFile = ".drydockignore";

// A rule over secrets or failed checks sees nothing unless that scanner runs, and a vulnerability rule needs
// matching: turn them on rather than let a rule pass on an empty list, and say so.
void EnableScannersFor(const PolicyNeeds& needs, ScanFlags& flags) {
  ScanOptions& o = flags.options;
  for (auto [needed, on, name] : {std::tuple{needs.vulns, &o.scan_vulns, "vuln"},
                                  {needs.secrets, &o.scan_secrets, "secret"},
                                  {needs.config, &o.scan_config, "config"}}) {
    if (!needed || *on) continue;
    *on = true;
    if (!flags.quiet) fmt::print(stderr, "drydock: {} needs the {} scanner: turned on\n", needs.file, name);
  }
}

}  // namespace

void AddScanFlags(CLI::App& app, ScanFlags& flags) {
  app.add_option("--db", flags.db, "Compiled vulnerability DB (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--skip-db", flags.skip_db, "List packages only; do not match vulnerabilities");
  app.add_option("-f,--format", flags.format, "table | json | sarif | cyclonedx | spdx-json | junit | html")->capture_default_str();
  app.add_option("-o,--output", flags.output, "Write the report to FILE instead of stdout");
  app.add_option("-s,--severity", flags.severity, "Only these severities, e.g. HIGH,CRITICAL");
  app.add_option("--severity-source", flags.severity_source,
                 "Whose rating a finding takes, in order: auto, vendor, ghsa, osv, nvd, cna, cisa-adp, or a distro "
                 "(debian, redhat, ubuntu, ...), e.g. vendor,ghsa,nvd (default: auto)");
  app.add_option("--exit-code", flags.exit_code, "Exit with this code when findings remain after filtering");
  app.add_flag("--ignore-unfixed", flags.options.ignore_unfixed, "Drop findings that have no fixed version");
  app.add_flag("--list-all-pkgs", flags.list_all_pkgs, "Accepted for Trivy scripts; the JSON report always lists packages");
  app.add_option("--ignore-status", flags.ignore_status, "Drop findings with these statuses, e.g. affected,will_not_fix");
  app.add_option("--ignorefile", flags.options.ignore_file,
                 "Ignore file (text, or YAML if .yaml/.yml; default: ./.drydockignore when present)");
  app.add_option("--vex", flags.options.vex_files, "OpenVEX or CycloneDX VEX file (may repeat); oci: the image's signed VEX attestations");
  app.add_flag("--include-dev-deps", flags.options.include_dev_deps,
               "Keep the development dependencies lockfiles mark (left out by default)");
  app.add_flag("--show-suppressed", flags.show_suppressed, "List the findings the ignore file, VEX or statuses hid");
  app.add_flag("--sbom-only", flags.sbom_only, "cyclonedx: write the SBOM without vulnerabilities");
  app.add_flag("-q,--quiet", flags.quiet, "No warnings and no progress line on stderr (for CI logs)");
  app.add_option("--db-max-age", flags.db_max_age, "Warn when the DB is older than this (72h, 7d; 0 = never)")
      ->capture_default_str();
  app.add_flag("--offline", flags.options.offline, "Never use the network for the DB (a scan never downloads it)");
  app.add_option("--cache-dir", flags.options.cache_dir, "Layer cache directory (default: ~/.cache/drydock)");
  app.add_flag("--no-cache", flags.options.no_cache, "Read every layer; do not use or fill the layer cache");
  app.add_option("--cache-max-size", flags.cache_max_size,
                 "Layer cache bound; least recently used entries go first (e.g. 500M, 2G)")->capture_default_str();
  app.add_option("--scanners", flags.scanners, "Comma list of vuln, secret, config")->capture_default_str();
  app.add_option("--threads", flags.options.max_threads, "Threads the scan runs at once, layer walkers and inflate helpers included (default: CPU count)");
  app.add_option("--server", flags.server, "Also send the inventory to this drydock server (it matches and keeps it)");
  app.add_option("--token", flags.token, "API token for --server (default: $DRYDOCK_TOKEN)");
  app.add_option("--base-index", flags.options.base_index,
                 "Base-image index (SQLite, `drydock base index add`; default: base-index.db in the cache dir)");
  app.add_flag("--exclude-base", flags.options.exclude_base, "Leave out findings in packages from the base image");
  app.add_flag("--base-advice", flags.options.base_advice,
               "Scan the newer digest of the base's tag, newer versions and a smaller variant (from the base index) "
               "and report what a rebuild on each would remove and add");
  app.add_option("--policy", flags.policy,
                 "Policy file (YAML) evaluated after the scan; with it, --exit-code applies when the verdict fails");
}

int RunScan(ScanFlags& flags, const ScanFunction& scan) {
  if (!IsReportFormat(flags.format)) {
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
  if (!flags.severity_source.empty()) {
    auto sources = ParseSeveritySources(flags.severity_source);
    if (!sources) {
      fmt::print(stderr, "drydock: {}\n", sources.error().message);
      return kExitUsage;
    }
    flags.options.severity_sources = std::move(*sources);
  }
  if (auto bytes = ParseByteSize(flags.cache_max_size)) {
    flags.options.cache_max_bytes = *bytes;
  } else {
    fmt::print(stderr, "drydock: --cache-max-size \"{}\": expected a size, e.g. 500M or 2G\n", flags.cache_max_size);
    return kExitUsage;
  }
  if (auto hours = ParseAgeHours(flags.db_max_age)) {
    flags.options.db_max_age_hours = *hours;
  } else {
    fmt::print(stderr, "drydock: --db-max-age \"{}\": expected hours or days, e.g. 72h or 7d\n", flags.db_max_age);
    return kExitUsage;
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
  PolicyRules policy;
  if (!flags.policy.empty()) {
    auto loaded = LoadPolicyRules(flags.policy);  // before the scan: a typo should not cost a scan's minutes
    if (!loaded) {
      fmt::print(stderr, "drydock: {}\n", loaded.error().message);
      return kExitError;
    }
    policy = std::move(*loaded);
    EnableScannersFor(NeedsOf(*policy), flags);
  }
  if (!flags.skip_db && flags.options.scan_vulns) flags.options.db_path = flags.db.empty() ? DefaultDbPath() : flags.db;
  for (std::size_t start = 0; start < flags.ignore_status.size();) {
    std::size_t comma = std::min(flags.ignore_status.find(',', start), flags.ignore_status.size());
    if (comma > start) flags.options.ignore_statuses.push_back(flags.ignore_status.substr(start, comma - start));
    start = comma + 1;
  }
  // The library never reads the environment: the user's defaults are filled in here.
  if (flags.options.cache_dir.empty()) flags.options.cache_dir = DefaultCacheDir();
  // The default index is used only when it exists: a scan never creates one.
  std::error_code unreadable;  // an unreadable cache dir means no default index, not a crash
  if (flags.options.base_index.empty() && std::filesystem::exists(DefaultBaseIndex(flags.options.cache_dir), unreadable)) {
    flags.options.base_index = DefaultBaseIndex(flags.options.cache_dir);
  }
  if (flags.options.registry.docker_config.empty()) flags.options.registry.docker_config = DockerConfigPath();
  if (flags.options.ignore_file.empty() && std::filesystem::exists(kDefaultIgnoreFile)) {
    flags.options.ignore_file = kDefaultIgnoreFile;
  }
  ProgressLine progress;
  if (ProgressLine::Wanted(flags.quiet)) flags.options.on_progress = progress.Callback();
  auto report = scan(flags.options);
  progress.Erase();  // before any warning or error, so they start on a clean line
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
  bool has_findings =
      !report->vulnerabilities.empty() || !report->secrets.empty() || !report->misconfigurations.empty();
  if (policy) {
    // With a policy the verdict is the gate: findings it tolerates (a LOW under its threshold, the findings of a
    // scanner it switched on) must not fail a build on their own.
    report->policy = JudgePolicy(*policy, *report, std::chrono::system_clock::now(), !flags.options.db_path.empty(),
                                 flags.signature);
    has_findings = !report->policy->passed;
  }
  if (flags.sbom_only) report->vulnerabilities.clear();  // the exit code still reflects the findings
  // no-color.org: NO_COLOR set to anything non-empty turns colour off; a file or pipe never gets escape codes.
  const char* no_colour = std::getenv("NO_COLOR");
  const ReportStyle style{.colour = flags.output.empty() && ::isatty(STDOUT_FILENO) == 1 &&
                                    (no_colour == nullptr || *no_colour == '\0')};
  if (auto epoch = SourceDateEpoch()) report->created_unix = *epoch;
  if (!flags.server.empty()) {
    if (auto sent = SendInventory(flags, *report); !sent) {
      fmt::print(stderr, "drydock: --server: {}\n", sent.error().message);
      return kExitError;
    }
  }
  if (auto written = WriteReport(*report, flags.format, out, style); !written) {
    fmt::print(stderr, "drydock: {}\n", written.error().message);
    return kExitError;
  }
  return has_findings ? flags.exit_code : kExitOk;
}

}  // namespace drydock
