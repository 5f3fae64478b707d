// The scan entry point: target -> report. Thread-compatible; each call is independent.
#pragma once

#include "drydock/error.h"
#include "drydock/options.h"
#include "drydock/report.h"

namespace drydock {

// Reads the image named by options.target, catalogs its packages and, when options.db_path is set, matches
// them against that DB. Errors that stop the scan (unreadable image, digest mismatch, bad DB) come back as
// Error; errors confined to one cataloger or file are listed in ScanReport::errors and the scan goes on.
Result<ScanReport> ScanImage(const ScanOptions& options);

// Scans the unpacked root filesystem at directory options.target with the same catalogers and matching as
// ScanImage. Symlinks are resolved inside the directory, never on the host; special files are never opened.
// The report's artifact has type "rootfs" and one layer with empty digests. An unreadable root directory is an
// Error; unreadable files under it are listed in ScanReport::errors.
Result<ScanReport> ScanRootfs(const ScanOptions& options);

// Scans a source tree (options.target) for the lockfiles and manifests it declares, read as ScanRootfs reads a
// root filesystem; the artifact has type "filesystem".
Result<ScanReport> ScanFilesystem(const ScanOptions& options);

// Scans the CycloneDX or SPDX JSON SBOM at options.target by its package URLs, with the same matching, filters
// and policy. The artifact has type "sbom"; the distro comes from the OS packages' distro qualifiers. A malformed
// SBOM is an Error naming the file and line; components without a usable purl are listed in ScanReport::errors.
Result<ScanReport> ScanSbom(const ScanOptions& options);

}  // namespace drydock
