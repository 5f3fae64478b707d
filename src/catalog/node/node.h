// Node catalogers. Installed packages: each node_modules/<name>/package.json (hoisted or nested) is one
// package. Declared packages (`drydock fs`): package-lock.json v1-v3, yarn.lock v1 and berry, pnpm-lock.yaml
// v5-v9, each with dev dependencies marked where the lockfile records them. Ecosystem "npm", names as
// written ("@scope/name").
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// Installed package.json files are a few KB; npm < 5 embedded the README, some reach a few hundred KB.
inline constexpr std::size_t kMaxPackageJsonBytes = 4 << 20;
// Monorepo lockfiles reach tens of MB; the layer walk captures at most 64 MiB anyway.
inline constexpr std::size_t kMaxNodeLockBytes = 64 << 20;

// True for node_modules/<name>/package.json and node_modules/@scope/<name>/package.json at any depth: the
// manifest of an installed package. A project's own package.json (not directly under node_modules) and the
// package.json files packages carry inside themselves (lib/esm/package.json) are not installed packages.
bool IsInstalledPackageJson(std::string_view path);

// One installed package.json: name and version required (else one `skipped` entry, no package); licenses from
// "license" (string or {"type"}) or the legacy "licenses" array. A document that is not an object is an Error.
Result<ParsedPackages> ParseInstalledPackageJson(std::string_view bytes);

// package-lock.json (and npm-shrinkwrap.json): lockfileVersion 2 and 3 read "packages" (keyed by
// node_modules path; workspace links and the root project are not packages); version 1 reads the nested
// "dependencies". `dev: true` marks dev dependencies.
Result<ParsedPackages> ParsePackageLock(std::string_view bytes);

// yarn.lock: v1's own text format, or berry's YAML (it starts with __metadata). Workspace, link, file, git and
// patch entries are local code, not registry releases, and are left out. Neither format records dev-ness:
// given the project's package.json, packages only its devDependencies reach are marked dev.
Result<ParsedPackages> ParseYarnLock(std::string_view bytes,
                                     std::optional<std::string_view> package_json = std::nullopt);

// pnpm-lock.yaml v5-v9: "packages" keys "/name/1.2.3_peer" (v5), "/name@1.2.3(peer)" (v6-v8) and
// "name@1.2.3" (v9). Dev from each entry's `dev: true` (v5-v8); v9 records none, so a package is dev when no
// importer's dependencies or optionalDependencies reach it through "snapshots".
Result<ParsedPackages> ParsePnpmLock(std::string_view bytes);

// bun.lock (Bun 1.2+, JSON with trailing commas): each "packages" entry ["name@version", registry, {deps},
// integrity]. Workspace, git, file and link entries are local code and left out. A package is dev when only the
// workspaces' devDependencies reach it.
Result<ParsedPackages> ParseBunLock(std::string_view bytes);
bool IsBunLock(std::string_view path);

// Installed node_modules packages: image and rootfs scans.
class NodeModulesCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "node-modules"; }
  std::string_view Version() const override { return "1"; }
  CatalogScope Scope() const override { return CatalogScope::kInstalled; }
  bool Required(std::string_view path) const override { return IsInstalledPackageJson(path); }
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

// Lockfiles outside node_modules (npm's node_modules/.package-lock.json is a cache of the tree): fs scans.
// Also captures each project package.json (no packages of its own) for yarn.lock's dev marking.
class NodeLockCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "node-lock"; }
  std::string_view Version() const override { return "1"; }
  CatalogScope Scope() const override { return CatalogScope::kDeclared; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
  Result<ParsedPackages> ParseWithFiles(std::string_view path, std::string_view bytes,
                                        const FileReader& read) const override;
  bool ParsesAlone(std::string_view path) const override;  // yarn.lock reads its package.json
};

}  // namespace drydock
