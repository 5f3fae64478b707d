// PHP catalogers: composer.lock (a project's declared packages; "packages-dev" marked dev) and
// vendor/composer/installed.json (what `composer install` put in vendor/: 1.x writes a bare array, 2.x
// {"packages": [...], "dev-package-names": [...]}). Ecosystem "composer", names "vendor/package" as written.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// Framework apps lock a few hundred packages (~1 MB of JSON); 32 MiB is a corrupt or hostile file.
inline constexpr std::size_t kMaxComposerFileBytes = 32 << 20;

Result<ParsedPackages> ParseComposerLock(std::string_view bytes);
Result<ParsedPackages> ParseComposerInstalled(std::string_view bytes);

class ComposerLockCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "composer-lock"; }
  std::string_view Version() const override { return "1"; }
  CatalogScope Scope() const override { return CatalogScope::kDeclared; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

// installed.json is what is on disk, so images read it; so does `drydock fs` on a checkout with vendor/.
class ComposerInstalledCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "composer-installed"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
