#include "scanner/findings.h"

#include <algorithm>
#include <array>
#include <functional>
#include <tuple>

namespace drydock {

void FilterAndSortFindings(const ScanOptions& options, std::vector<Finding>& findings) {
  std::erase_if(findings, [&](const Finding& f) {
    if (options.ignore_unfixed && f.fixed_version.empty()) return true;
    const auto& keep = options.severities;
    return !keep.empty() && std::find(keep.begin(), keep.end(), f.severity) == keep.end();
  });
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(SeverityRank(a.severity), std::cref(a.id), std::cref(a.package_id)) <
           std::make_tuple(SeverityRank(b.severity), std::cref(b.id), std::cref(b.package_id));
  });
}

}  // namespace drydock
