// Bindings for the PHP catalogers.
#include "catalog/php/php.h"

namespace drydock {
namespace {

Result<ParsedPackages> WithPath(Result<ParsedPackages> parsed, std::string_view path) {
  if (!parsed) return parsed;
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace

// A composer.lock inside vendor/ belongs to a dependency's own checkout, not to what was installed.
bool ComposerLockCataloger::Required(std::string_view path) const {
  if (path.starts_with("vendor/") || path.find("/vendor/") != std::string_view::npos) return false;
  return path == "composer.lock" || path.ends_with("/composer.lock");
}

Result<ParsedPackages> ComposerLockCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return WithPath(ParseComposerLock(bytes), path);
}

// vendor/composer/installed.json, where Composer writes it; trivy's fixture keeps a bare installed.json
// at a project root too, which `composer install` never leaves anywhere else.
bool ComposerInstalledCataloger::Required(std::string_view path) const {
  return path == "vendor/composer/installed.json" || path.ends_with("/vendor/composer/installed.json") ||
         path == "installed.json";
}

Result<ParsedPackages> ComposerInstalledCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return WithPath(ParseComposerInstalled(bytes), path);
}

}  // namespace drydock
