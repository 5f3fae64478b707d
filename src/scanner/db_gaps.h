// A DB built with --allow-partial lists the feed parts it went without; a scan says which of its packages'
// ecosystems those would have covered, rather than reporting "no vulnerabilities" it never checked.
#pragma once

#include <string>
#include <vector>

#include "drydock/package.h"
#include "drydock/package_table.h"
#include "vulndb/vulndb.h"

namespace drydock {

// One warning per missing source that covers an ecosystem of `packages` (OS packages are looked up under
// `os_ecosystem`, e.g. "Debian:12"; language packages under their OSV ecosystem).
std::vector<std::string> MissingFeedWarnings(const DbInfo& info, const PackageTable& packages,
                                             const std::string& os_ecosystem);

}  // namespace drydock
