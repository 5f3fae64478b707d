// drydock rootfs DIR: scan an unpacked root filesystem with the image command's flags and exit codes.
#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "drydock/scan.h"

namespace drydock {

CommandRunner AddRootfsCommand(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  app.add_option("dir", flags->options.target, "Root filesystem directory (symlinks are resolved inside it)")
      ->required();
  AddScanFlags(app, *flags);
  return [flags] { return RunScan(*flags, ScanRootfs); };
}

}  // namespace drydock
