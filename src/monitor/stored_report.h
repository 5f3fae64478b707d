// Reads a stored report (the JSON report, schema_version 1, as the server kept it) back into a ScanReport, so
// a stored inventory can be matched again without the image. Everything WriteJsonReport writes comes back
// except `suppressed` and `policy`, which a re-match recomputes; writing the result again gives the same
// document for the same findings.
#pragma once

#include <string_view>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

// A stored report is one image's: tens of MB at most even for a million-package tree.
inline constexpr std::size_t kMaxStoredReportBytes = 512 << 20;

// Errors (kInvalidInput): not JSON, not an object, another schema_version, or a member of the wrong type
// ("report sha256:..: packages[3].name: expected a string"). `name` is used in messages.
Result<ScanReport> ReadStoredReport(std::string_view json, std::string_view name);

}  // namespace drydock
