// The image.scanned event: what a finished scan found, as one alert-ready summary (counts per severity, the
// worst, the fixed versions to upgrade to). Made from the stored report JSON (the CLI's schema), so it needs
// nothing from the scan path but the report it stored. A pushed image is alerted on this way within seconds of
// its scan, without waiting for the next DB generation.
#pragma once

#include <string>

#include "drydock/error.h"
#include "store/events.h"

namespace drydock {

// `trigger` says why the image was scanned ("registry-hook", "watch", "api"); kept in the payload.
Result<NewEvent> ScanEvent(const std::string& report_json, const std::string& digest, const std::string& repository,
                           const std::string& tag, const std::string& trigger);

}  // namespace drydock
