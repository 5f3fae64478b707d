// drydock config FILE...: built-in Dockerfile and Kubernetes checks; the report lists misconfigurations.
#include <fmt/core.h>

#include <iostream>
#include <memory>

#include "checks/config_files.h"
#include "cli/commands.h"
#include "report/report.h"

namespace drydock {
namespace {

struct ConfigFlags {
  std::vector<std::string> files;
  std::string format = "table";
  int exit_code = 0;
};

}  // namespace

CommandRunner AddConfigCommand(CLI::App& app) {
  auto flags = std::make_shared<ConfigFlags>();
  app.add_option("files", flags->files, "Dockerfiles and Kubernetes manifests (multi-document YAML)")->required();
  app.add_option("-f,--format", flags->format, "table | json")->capture_default_str();
  app.add_option("--exit-code", flags->exit_code, "Exit with this code when a check fails");
  return [flags] {
    const Reporter* reporter = FindReporter(flags->format);
    if (reporter == nullptr) {
      fmt::print(stderr, "drydock: unknown --format \"{}\"\n", flags->format);
      return kExitUsage;
    }
    ScanReport report;
    report.artifact = {.name = flags->files.front(), .type = "config"};
    for (const std::string& file : flags->files) {
      auto found = CheckConfigFile(file);
      if (!found) {
        fmt::print(stderr, "drydock: {}\n", found.error().message);
        return kExitError;
      }
      report.misconfigurations.insert(report.misconfigurations.end(), found->begin(), found->end());
    }
    reporter->write(report, std::cout);
    return report.misconfigurations.empty() ? kExitOk : flags->exit_code;
  };
}

}  // namespace drydock
