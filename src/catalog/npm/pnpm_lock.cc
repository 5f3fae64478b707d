// pnpm-lock.yaml (lockfile v5 to v9): the "packages" map's keys name each installed package:
// v5 "/@scope/name/1.2.3_peer@4", v6 "/@scope/name@1.2.3(peer@4)", v9 "@scope/name@1.2.3". v5 and v6 mark
// dev packages with `dev: true`; v9 moved that to importers and is left unmarked.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "catalog/npm/npm.h"

namespace drydock {
namespace {

// The (name, version) a packages key names, or nullopt for a key that is not "name@version" / "name/version".
std::optional<std::pair<std::string, std::string>> SplitKey(std::string_view key, bool v5) {
  if (key.starts_with('/')) key.remove_prefix(1);
  key = key.substr(0, key.find('('));  // v6+: peer dependencies in parentheses
  const std::size_t split = v5 ? key.rfind('/') : key.rfind('@');
  if (split == std::string_view::npos || split == 0 || split + 1 == key.size()) return std::nullopt;
  std::string_view version = key.substr(split + 1);
  if (v5) version = version.substr(0, version.find('_'));  // v5: "_peer@4" after the version
  if (version.empty() || version.find(':') != std::string_view::npos) return std::nullopt;  // link:, file:
  return std::pair(std::string(key.substr(0, split)), std::string(version));
}

}  // namespace

Result<ParsedPackages> ParsePnpmLock(std::string_view bytes) {
  if (bytes.size() > kMaxPackageLockBytes) {
    return Fail("pnpm-lock.yaml of {} bytes is over the {} byte limit", bytes.size(), kMaxPackageLockBytes);
  }
  ParsedPackages out;
  try {
    const YAML::Node doc = YAML::Load(std::string(bytes));
    if (!doc.IsDefined() || doc.IsNull()) return out;
    if (!doc.IsMap()) return Fail("pnpm-lock.yaml is not a YAML mapping");
    const YAML::Node version = doc["lockfileVersion"];
    if (!version.IsScalar()) return Fail("pnpm-lock.yaml has no lockfileVersion");
    const bool v5 = version.Scalar().starts_with('5');
    out.states_dev = v5 || version.Scalar().starts_with('6');  // v9 keeps dev-ness in importers only
    const YAML::Node packages = doc["packages"];
    if (!packages.IsDefined() || packages.IsNull()) return out;
    if (!packages.IsMap()) return Fail("pnpm-lock.yaml: \"packages\" is not a mapping");
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& entry : packages) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      auto row = SplitKey(key, v5);
      if (!row) {
        if (key.find(':') == std::string::npos)
          out.skipped.push_back(fmt::format("packages key \"{}\"", key));
        continue;
      }
      if (!seen.insert(*row).second) continue;  // the same release under several peer sets
      Package p;
      p.name = std::move(row->first);
      p.version = std::move(row->second);
      p.ecosystem = "npm";
      const YAML::Node dev = entry.second.IsMap() ? entry.second["dev"] : YAML::Node();
      p.dev = dev.IsScalar() && dev.Scalar() == "true";
      out.packages.push_back(std::move(p));
    }
  } catch (const YAML::Exception& e) {  // syntax errors, and yaml-cpp's own nesting-depth guard
    return Fail("pnpm-lock.yaml: YAML: {}", e.what());
  }
  return out;
}

}  // namespace drydock
