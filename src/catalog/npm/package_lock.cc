// package-lock.json: v2 and v3 list every installed path under "packages"; v1 nests "dependencies" the way
// node_modules nests. Both reduce to (name, version, dev) rows.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "catalog/npm/npm.h"

namespace drydock {
namespace {

using nlohmann::json;
constexpr std::string_view kNodeModules = "node_modules/";

// Collapses copies of one name@version: a package is dev only when no runtime path installs it.
class Rows {
 public:
  void Add(std::string name, std::string version, bool dev) {
    auto [it, added] = index_.emplace(std::pair(name, version), out_.packages.size());
    if (!added) {
      out_.packages[it->second].dev &= dev;
      return;
    }
    Package p;
    p.name = std::move(name);
    p.version = std::move(version);
    p.ecosystem = "npm";
    p.dev = dev;
    out_.packages.push_back(std::move(p));
  }
  ParsedPackages& out() { return out_; }

 private:
  ParsedPackages out_;
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

bool Flag(const json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_boolean() && it->get<bool>();
}

// A registry version; "file:..", git URLs and tarball URLs name no published release.
bool RegistryVersion(const std::string& version) {
  return !version.empty() && version.find(':') == std::string::npos && version.find('/') == std::string::npos;
}

void ReadPackages(const json& packages, Rows& rows) {
  for (const auto& [path, entry] : packages.items()) {
    const std::size_t at = path.rfind(kNodeModules);
    if (at == std::string::npos) continue;  // "" is the project, "packages/x" a workspace: local code
    if (!entry.is_object()) {
      rows.out().skipped.push_back(fmt::format("packages[\"{}\"]: not an object", path));
      continue;
    }
    if (Flag(entry, "link")) continue;  // a symlink to a workspace folder, listed under its own path
    auto version = entry.find("version");
    if (version == entry.end() || !version->is_string()) {
      rows.out().skipped.push_back(fmt::format("packages[\"{}\"]: no version string", path));
      continue;
    }
    if (!RegistryVersion(version->get<std::string>())) continue;
    // An alias ("foo": "npm:bar@1") is installed under its alias path but is the package in "name".
    auto name = entry.find("name");
    std::string real = name != entry.end() && name->is_string() ? name->get<std::string>()
                                                                : path.substr(at + kNodeModules.size());
    rows.Add(std::move(real), version->get<std::string>(), Flag(entry, "dev") || Flag(entry, "devOptional"));
  }
}

// v1: {"dependencies": {name: {"version", "dev", "dependencies": {...}}}}, walked with an explicit stack.
Status ReadDependencies(const json& top, Rows& rows) {
  std::vector<std::pair<const json*, int>> stack{{&top, 0}};
  while (!stack.empty()) {
    auto [deps, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxPackageLockDepth) return Fail("dependencies nested deeper than {}", kMaxPackageLockDepth);
    for (const auto& [name, entry] : deps->items()) {
      if (!entry.is_object()) {
        rows.out().skipped.push_back(fmt::format("dependency \"{}\": not an object", name));
        continue;
      }
      auto version = entry.find("version");
      if (version != entry.end() && version->is_string() && RegistryVersion(version->get<std::string>())) {
        rows.Add(name, version->get<std::string>(), Flag(entry, "dev"));
      }
      auto nested = entry.find("dependencies");
      if (nested != entry.end() && nested->is_object()) stack.push_back({&*nested, depth + 1});
    }
  }
  return {};
}

}  // namespace

Result<ParsedPackages> ParsePackageLock(std::string_view bytes) {
  if (bytes.size() > kMaxPackageLockBytes) {
    return Fail("package-lock.json of {} bytes is over the {} byte limit", bytes.size(),
                kMaxPackageLockBytes);
  }
  const json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail("package-lock.json is not JSON");
  if (!doc.is_object()) return Fail("package-lock.json is not a JSON object");
  Rows rows;
  rows.out().states_dev = true;  // "dev" / "devOptional" on each entry
  auto packages = doc.find("packages");
  auto dependencies = doc.find("dependencies");
  if (packages != doc.end()) {
    if (!packages->is_object()) return Fail("package-lock.json: \"packages\" is not an object");
    ReadPackages(*packages, rows);
  } else if (dependencies != doc.end()) {
    if (!dependencies->is_object()) return Fail("package-lock.json: \"dependencies\" is not an object");
    if (auto read = ReadDependencies(*dependencies, rows); !read)
      return Rewrap(read.error(), "package-lock.json");
  }
  return std::move(rows.out());
}

}  // namespace drydock
