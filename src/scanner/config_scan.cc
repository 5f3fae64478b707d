#include "checks/config_files.h"
#include "drydock/config_check.h"

namespace drydock {

Result<ScanReport> CheckConfigFiles(const std::vector<std::string>& files) {
  ScanReport report;
  report.artifact = {.name = files.empty() ? "" : files.front(), .type = "config"};
  for (const std::string& file : files) {
    auto found = CheckConfigFile(file);
    if (!found) return std::unexpected(found.error());
    report.misconfigurations.insert(report.misconfigurations.end(), found->begin(), found->end());
  }
  return report;
}

}  // namespace drydock
