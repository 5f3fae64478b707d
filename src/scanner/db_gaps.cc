#include "scanner/db_gaps.h"

#include <fmt/core.h>

#include <set>

#include "match/language_ecosystem.h"

namespace drydock {

std::vector<std::string> MissingFeedWarnings(const DbInfo& info, const PackageTable& packages,
                                             const std::string& os_ecosystem) {
  std::vector<std::string> warnings;
  if (info.missing.empty()) return warnings;
  std::set<std::string> ecosystems;
  for (const Package& p : packages) {
    if (p.ecosystem == "deb" || p.ecosystem == "apk" || p.ecosystem == "rpm") {
      if (!os_ecosystem.empty()) ecosystems.insert(os_ecosystem);
    } else if (const LanguageEcosystem* row = FindLanguageEcosystem(p.ecosystem)) {
      ecosystems.insert(std::string(row->osv_ecosystem));
    }
  }
  for (const MissingSource& missing : info.missing) {
    std::string hit;
    for (const std::string& ecosystem : ecosystems) {
      if (MissingCovers(missing, ecosystem)) hit += (hit.empty() ? "" : ", ") + ecosystem;
    }
    if (hit.empty()) continue;
    warnings.push_back(fmt::format("the DB was built without {} ({}): {} packages could not be judged", missing.source,
                                   missing.reason, hit));
  }
  return warnings;
}

}  // namespace drydock
