#include "catalog/apk/apk.h"

namespace drydock {
namespace {

// apk-tools keeps its database under lib/; merged-/usr distributions built on apk move it under usr/lib/.
constexpr std::string_view kDatabasePaths[] = {"lib/apk/db/installed", "usr/lib/apk/db/installed"};

}  // namespace

bool ApkCataloger::Required(std::string_view path) const {
  for (std::string_view wanted : kDatabasePaths) {
    if (path == wanted) return true;
  }
  return false;
}

Result<std::vector<Package>> ApkCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto packages = ParseApkInstalled(bytes);
  if (!packages) return std::unexpected(packages.error());
  for (Package& package : *packages) package.path = std::string(path);
  return packages;
}

}  // namespace drydock
