// Identifies the scanned image's base (src/baseimage) and marks what came from its layers.
#pragma once

#include "drydock/options.h"
#include "drydock/report.h"
#include "source/image.h"

namespace drydock {

// Sets report.artifact.base_image, marks packages and findings from the base layers `base`, and with
// options.exclude_base drops those findings. An unreadable index is reported as a scan error, not a failure:
// the rest of the report stands.
void MarkBaseImage(const ScanOptions& options, const Image& image, ScanReport& report);

}  // namespace drydock
