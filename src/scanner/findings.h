// Turning matches into the report's findings: filters the user asked for, and the report's order.
#pragma once

#include <vector>

#include "drydock/finding.h"
#include "drydock/options.h"

namespace drydock {

// 0 for CRITICAL .. 4 for UNKNOWN (and anything unrecognised): the report's sort key.
int SeverityRank(std::string_view severity);

// Drops findings the options exclude (--severity, --ignore-unfixed) and sorts the rest: worst severity first,
// then id, then package.
void FilterAndSortFindings(const ScanOptions& options, std::vector<Finding>& findings);

}  // namespace drydock
