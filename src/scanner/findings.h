// Turning matches into the report's findings: filters the user asked for, and the report's order.
#pragma once

#include <vector>

#include "common/severity.h"
#include "drydock/finding.h"
#include "drydock/options.h"

namespace drydock {

// Drops findings the options exclude (--severity, --ignore-unfixed) and sorts the rest: worst severity first,
// then id, then package.
void FilterAndSortFindings(const ScanOptions& options, std::vector<Finding>& findings);

}  // namespace drydock
