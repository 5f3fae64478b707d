// drydock config FILE...: built-in Dockerfile and Kubernetes checks; the report lists misconfigurations.
#include <fmt/core.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "drydock/config_check.h"
#include "drydock/report_writer.h"

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
    if (!IsReportFormat(flags->format)) {
      fmt::print(stderr, "drydock: unknown --format \"{}\"\n", flags->format);
      return kExitUsage;
    }
    auto report = CheckConfigFiles(flags->files);
    if (!report) {
      fmt::print(stderr, "drydock: {}\n", report.error().message);
      return kExitError;
    }
    if (auto written = WriteReport(*report, flags->format, std::cout); !written) {
      fmt::print(stderr, "drydock: {}\n", written.error().message);
      return kExitError;
    }
    return report->misconfigurations.empty() ? kExitOk : flags->exit_code;
  };
}

}  // namespace drydock
