// drydock image TARGET: scan, write the report, pick the exit code.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "drydock/scan.h"

namespace drydock {

CommandRunner AddImageCommand(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  app.add_option("target", flags->options.target, "IMAGE.tar[.gz] | oci:DIR[:tag] | oci:FILE.tar[:tag]")->required();
  AddScanFlags(app, *flags);
  return [flags] { return RunScan(*flags, ScanImage); };
}

std::string DefaultDbPath() {
  if (const char* env = std::getenv("DRYDOCK_DB"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.cache/drydock/drydock.db", home != nullptr ? home : ".");
}

}  // namespace drydock
