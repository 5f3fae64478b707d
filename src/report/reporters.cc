#include <array>

#include "report/report.h"

namespace drydock {

std::span<const Reporter> Reporters() {
  static constexpr std::array<Reporter, 7> kReporters = {{
      {"table", WriteTableReport},
      {"json", WriteJsonReport},
      {"sarif", WriteSarifReport},
      {"cyclonedx", WriteCycloneDxReport},
      {"spdx-json", WriteSpdxJsonReport},
      {"junit", WriteJunitReport},
      {"html", WriteHtmlReport},
  }};
  return kReporters;
}

const Reporter* FindReporter(std::string_view format) {
  for (const Reporter& reporter : Reporters()) {
    if (reporter.format == format) return &reporter;
  }
  return nullptr;
}

}  // namespace drydock
