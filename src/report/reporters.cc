#include <array>

#include "report/report.h"

namespace drydock {

std::span<const Reporter> Reporters() {
  static constexpr std::array<Reporter, 2> kReporters = {{
      {"table", WriteTableReport},
      {"json", WriteJsonReport},
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
