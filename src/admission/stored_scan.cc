#include "admission/stored_scan.h"

#include <fmt/format.h>

#include <algorithm>

namespace drydock::admission {
namespace {

constexpr std::size_t kNamedErrors = 3;  // in a message kubectl prints

// The stages that read the image's bytes into packages (src/scanner: scan.cc, inventory.cc, sbom_scan.cc).
constexpr std::string_view kReadingStages[] = {"source", "layer", "os", "catalog", "sbom"};

// An image where nothing was found to check (no OS, no package: busybox, a static binary on scratch) was read
// whole: judged as a scan with no findings, as other admission scanners judge it, not denied as unread.
bool HidesPackages(const ScanError& error) {
  if (error.stage == "catalog" && error.message.starts_with(kNoPackageFound)) return false;
  if (error.stage.starts_with("catalog:")) return true;
  return std::find(std::begin(kReadingStages), std::end(kReadingStages), error.stage) != std::end(kReadingStages);
}

}  // namespace

bool IsImageScan(const ScanReport& report) { return report.artifact.type == "container_image"; }

std::vector<std::string> UncheckedParts(const ScanReport& report) {
  std::vector<std::string> out;
  for (const ScanError& error : report.errors) {
    if (!HidesPackages(error)) continue;
    out.push_back(error.path.empty() ? fmt::format("{}: {}", error.stage, error.message)
                                     : fmt::format("{}: {}: {}", error.stage, error.path, error.message));
  }
  return out;
}

std::optional<ImageVerdict> IncompleteScanVerdict(const ScanReport& report, std::string_view digest) {
  std::vector<std::string> unchecked = UncheckedParts(report);
  if (unchecked.empty()) return std::nullopt;
  const std::size_t more = unchecked.size() > kNamedErrors ? unchecked.size() - kNamedErrors : 0;
  unchecked.resize(std::min(unchecked.size(), kNamedErrors));
  std::string reason = fmt::format("the scan of {} is incomplete, so its findings prove nothing: {}", digest,
                                   fmt::join(unchecked, "; "));
  if (more > 0) reason += fmt::format("; {} more", more);
  return ImageVerdict{.allowed = false, .warn_only = false, .rule = std::string(kIncompleteScanRule),
                      .reason = std::move(reason)};
}

}  // namespace drydock::admission
