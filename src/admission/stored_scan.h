// What a stored report may say about the image admission is judging, before any policy rule runs: only a
// complete scan of the image itself vouches for it. Pure: a parsed report in, a verdict out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admission/decision.h"
#include "drydock/report.h"

namespace drydock::admission {

inline constexpr std::string_view kIncompleteScanRule = "incomplete_scan";

// True when `report` is a scan of a container image. A report of another kind stored under the image's digest
// (an uploaded SBOM, a rootfs) never read the image's layers, so it cannot clear the image: admission treats
// the image as not scanned yet.
bool IsImageScan(const ScanReport& report);

// The report's errors that mean part of the image was never looked at, as "stage: path: message": errors of
// the source, layer, os, catalog (and catalog:<name>) and sbom stages. A report with such errors lists fewer
// packages than the image holds (a layer over the size limit reads as 0 packages), so "no findings" proves
// nothing. Errors of later stages (match, db, secret, base_image, cache, policy) do not hide packages, nor does
// the catalog's "no package found" alone (the image was read whole and holds nothing drydock checks).
std::vector<std::string> UncheckedParts(const ScanReport& report);

// The denial for a scan of `digest` with unchecked parts, naming the first few; nullopt when there are none.
// A denial rather than unknown_images: a new scan of the same bytes fails the same way, so "unknown, warn and
// queue a scan" would admit the image for ever under `unknown_images: warn`.
std::optional<ImageVerdict> IncompleteScanVerdict(const ScanReport& report, std::string_view digest);

}  // namespace drydock::admission
