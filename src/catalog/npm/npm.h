// npm catalogers: package-lock.json (lockfile v1, v2, v3), yarn.lock (v1 and Berry), pnpm-lock.yaml and
// installed node_modules/**/package.json. Packages use ecosystem "npm" and the name as published
// ("@types/node").
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxPackageLockBytes = 64 << 20;  // large monorepo locks reach tens of MB
inline constexpr std::size_t kMaxPackageJsonBytes = 4 << 20;
inline constexpr int kMaxPackageLockDepth = 64;  // v1 nests node_modules as "dependencies" objects

// package-lock.json: v2/v3 "packages" (keys "node_modules/a/node_modules/b"; workspace links and the root are
// local code and left out), else v1's nested "dependencies". dev when the lock marks the entry "dev" or
// "devOptional". A name@version locked at several paths is listed once, dev only if every copy is dev.
Result<ParsedPackages> ParsePackageLock(std::string_view bytes);

// yarn.lock v1 or Berry: each entry's name and resolved version, once per name@version; workspace, link,
// portal and file entries left out. A file with content but no entry headers is an Error.
Result<ParsedPackages> ParseYarnLock(std::string_view bytes);

// pnpm-lock.yaml v5-v9: each "packages" key once per name@version (peer variants collapse); dev from v5/v6's
// `dev: true`. Not YAML, or "packages" not a mapping, is an Error.
Result<ParsedPackages> ParsePnpmLock(std::string_view bytes);

// An installed package's package.json: name and version, license (string, {"type"} or legacy "licenses").
Result<ParsedPackages> ParseInstalledPackageJson(std::string_view bytes);

class NpmCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "npm"; }
  std::string_view Version() const override { return "1"; }
  // package-lock.json, yarn.lock and pnpm-lock.yaml (not inside node_modules: a package's own lock is not
  // what was installed), and node_modules/<name>/package.json or node_modules/@scope/<name>/package.json at
  // any nesting.
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
