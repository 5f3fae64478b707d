// Bindings for the Node catalogers: paths -> parsers.
#include "catalog/node/node.h"
#include "common/path.h"

namespace drydock {
namespace {

bool InsideNodeModules(std::string_view path) {
  return path.starts_with("node_modules/") || path.find("/node_modules/") != std::string_view::npos;
}

Result<ParsedPackages> WithPath(Result<ParsedPackages> parsed, std::string_view path) {
  if (!parsed) return parsed;
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace

Result<ParsedPackages> NodeModulesCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return WithPath(ParseInstalledPackageJson(bytes), path);
}

bool NodeLockCataloger::Required(std::string_view path) const {
  const std::string_view base = PathBaseName(path);
  if (base != "package-lock.json" && base != "npm-shrinkwrap.json" && base != "yarn.lock" &&
      base != "pnpm-lock.yaml" && base != "package.json") {
    return false;
  }
  return !InsideNodeModules(path);  // copies inside installed packages, and npm's hidden lockfile
}

bool NodeLockCataloger::ParsesAlone(std::string_view path) const { return PathBaseName(path) != "yarn.lock"; }

Result<ParsedPackages> NodeLockCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return ParseWithFiles(path, bytes, [](std::string_view) { return std::nullopt; });
}

Result<ParsedPackages> NodeLockCataloger::ParseWithFiles(std::string_view path, std::string_view bytes,
                                                         const FileReader& read) const {
  const std::string_view base = PathBaseName(path);
  if (base == "package.json") return ParsedPackages{};  // declares ranges, not versions; read for yarn.lock
  if (base == "pnpm-lock.yaml") return WithPath(ParsePnpmLock(bytes), path);
  if (base != "yarn.lock") return WithPath(ParsePackageLock(bytes), path);
  const std::optional<std::string> manifest = read(std::string(path.substr(0, path.size() - base.size())) + "package.json");
  return WithPath(ParseYarnLock(bytes, manifest ? std::optional<std::string_view>(*manifest) : std::nullopt), path);
}

}  // namespace drydock
