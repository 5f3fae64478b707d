// Identifies the scanned image's base (src/baseimage), marks what came from its layers and, when asked, advises
// the rebuild that fixes most.
#pragma once

#include <string_view>

#include "baseimage/advice.h"
#include "drydock/options.h"
#include "drydock/report.h"
#include "scanner/scan_env.h"
#include "source/image.h"

namespace drydock {

// Sets report.artifact.base_image, marks packages and findings from the base layers, adds the base advice
// (options.base_advice, scanning the candidate bases with `env`), and with options.exclude_base drops the base's
// findings. An unreadable index or attestation is reported as a scan error, not a failure: the rest of the
// report stands.
void MarkBaseImage(const ScanOptions& options, const ScanEnv& env, const Image& image, ScanReport& report);

// A report's findings as the advice compares them (only those marked base with `base_only`), with its distro's
// end-of-support status on `today` ("YYYY-MM-DD"). Shared with the server's base refresh.
baseimage::BaseFindings BaseFindingsOf(const ScanReport& report, bool base_only, std::string_view today);

}  // namespace drydock
