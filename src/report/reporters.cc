#include <array>

#include "report/report.h"

namespace drydock {
namespace {

// The machine formats have nothing to style; each is adapted to the table's signature once here.
template <void (*kWrite)(const ScanReport&, std::ostream&)>
void Unstyled(const ScanReport& report, std::ostream& out, const ReportStyle&) {
  kWrite(report, out);
}

}  // namespace

std::span<const Reporter> Reporters() {
  static constexpr std::array<Reporter, 7> kReporters = {{
      {"table", WriteTableReport},
      {"json", Unstyled<WriteJsonReport>},
      {"sarif", Unstyled<WriteSarifReport>},
      {"cyclonedx", Unstyled<WriteCycloneDxReport>},
      {"spdx-json", Unstyled<WriteSpdxJsonReport>},
      {"junit", Unstyled<WriteJunitReport>},
      {"html", Unstyled<WriteHtmlReport>},
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
