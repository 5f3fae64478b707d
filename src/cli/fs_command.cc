// drydock fs DIR: scan a source tree's lockfiles and manifests with the image command's flags and exit codes.
#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "drydock/scan.h"

namespace drydock {

CommandRunner AddFsCommand(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  app.add_option("dir", flags->options.target, "Project directory (lockfiles, requirement files, manifests)")
      ->required();
  AddScanFlags(app, *flags);
  return [flags] { return RunScan(*flags, ScanFilesystem); };
}

}  // namespace drydock
