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

std::vector<std::string_view> ReportFormats() {
  std::vector<std::string_view> formats;
  for (const Reporter& reporter : Reporters()) formats.push_back(reporter.format);
  return formats;
}

bool IsReportFormat(std::string_view format) { return FindReporter(format) != nullptr; }

Status WriteReport(const ScanReport& report, std::string_view format, std::ostream& out, const ReportStyle& style) {
  const Reporter* reporter = FindReporter(format);
  if (reporter == nullptr) return FailWith(ErrorCode::kInvalidInput, "unknown report format \"{}\"", format);
  reporter->write(report, out, style);
  out.flush();
  if (!out) return Fail("writing the {} report failed", format);
  return {};
}

}  // namespace drydock
