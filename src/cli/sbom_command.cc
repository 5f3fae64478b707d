// drydock sbom FILE: scan an existing CycloneDX or SPDX JSON SBOM with the image command's flags and exit codes.
#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "drydock/scan.h"

namespace drydock {

CommandRunner AddSbomCommand(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  app.add_option("file", flags->options.target, "CycloneDX or SPDX JSON SBOM")->required();
  AddScanFlags(app, *flags);
  return [flags] { return RunScan(*flags, ScanSbom); };
}

}  // namespace drydock
