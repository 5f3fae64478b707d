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

Result<ParsedPackages> ApkCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseApkInstalled(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
