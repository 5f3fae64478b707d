// The DB look-up keys an inventory's match reads: exactly the (ecosystem, name) pairs MatchPackages asks the DB
// for, so an image needs re-matching after a DB change only when one of its keys changed.
#pragma once

#include <vector>

#include "drydock/report.h"
#include "store/events.h"

namespace drydock {

// Sorted, each once. Needs no DB: the keys depend on the packages and the OS alone.
std::vector<MatchKey> MatchKeysOf(const ScanReport& report);

}  // namespace drydock
