// Binding: one cataloger for the three .NET files, dispatching on the file name.
#include "catalog/dotnet/dotnet.h"
#include "common/path.h"

namespace drydock {

bool DotnetCataloger::Required(std::string_view path) const {
  const std::string_view base = PathBaseName(path);
  return (base.ends_with(".deps.json") && base.size() > 10) || base == "packages.lock.json" ||
         base == "packages.config";
}

Result<ParsedPackages> DotnetCataloger::Parse(std::string_view path, std::string_view bytes) const {
  const std::string_view base = PathBaseName(path);
  Result<ParsedPackages> parsed = base == "packages.lock.json" ? ParseNugetLock(bytes)
                                  : base == "packages.config"  ? ParseNugetConfig(bytes)
                                                               : ParseDotnetDeps(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
