// Binding: one cataloger for the three .NET files, dispatching on the file name.
#include "catalog/dotnet/dotnet.h"

namespace drydock {
namespace {

std::string_view BaseName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool DotnetCataloger::Required(std::string_view path) const {
  const std::string_view base = BaseName(path);
  return (base.ends_with(".deps.json") && base.size() > 10) || base == "packages.lock.json" ||
         base == "packages.config";
}

Result<ParsedPackages> DotnetCataloger::Parse(std::string_view path, std::string_view bytes) const {
  const std::string_view base = BaseName(path);
  Result<ParsedPackages> parsed = base == "packages.lock.json" ? ParseNugetLock(bytes)
                                  : base == "packages.config"  ? ParseNugetConfig(bytes)
                                                               : ParseDotnetDeps(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  for (Package& package : parsed->packages) package.path = std::string(path);
  return parsed;
}

}  // namespace drydock
