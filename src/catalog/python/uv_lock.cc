// uv.lock: every [[package]] uv resolved, less the project itself. uv writes no per-package dev flag, so dev
// is derived from the graph: what the project's [package.dev-dependencies] reach and its runtime dependencies
// do not.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/python/python.h"
#include "catalog/python/toml_util.h"
#include "common/package_name.h"

namespace drydock {
namespace {

// The project being locked (and workspace members) is local source, not something installed from PyPI.
bool IsProject(const toml::table& entry) {
  const toml::table* source = entry["source"].as_table();
  return source != nullptr && (source->contains("virtual") || source->contains("editable"));
}

// Names in an array of { name = "..." } tables.
void AddNames(const toml::node_view<const toml::node> list, std::vector<std::string>& out) {
  const toml::array* array = list.as_array();
  if (array == nullptr) return;
  for (const toml::node& item : *array) {
    const toml::table* dep = item.as_table();
    if (auto name = dep ? (*dep)["name"].value<std::string>() : std::nullopt)
      out.push_back(NormalizePypiName(*name));
  }
}

// Runtime edges of a package: its dependencies and every extra's (an extra is optional, not dev).
std::vector<std::string> RuntimeDeps(const toml::table& entry) {
  std::vector<std::string> deps;
  AddNames(entry["dependencies"], deps);
  if (const toml::table* extras = entry["optional-dependencies"].as_table()) {
    for (const auto& [extra, list] : *extras) AddNames(toml::node_view<const toml::node>(list), deps);
  }
  return deps;
}

// Everything reachable from `roots` over `edges`. Iterative: a hostile lockfile cannot make it recurse deep.
std::set<std::string> Reach(std::vector<std::string> roots,
                            const std::map<std::string, std::vector<std::string>>& edges) {
  std::set<std::string> seen;
  while (!roots.empty()) {
    std::string name = std::move(roots.back());
    roots.pop_back();
    if (!seen.insert(name).second) continue;
    if (auto found = edges.find(name); found != edges.end())
      roots.insert(roots.end(), found->second.begin(), found->second.end());
  }
  return seen;
}

}  // namespace

Result<ParsedPackages> ParseUvLock(std::string_view bytes) {
  auto doc = ParseToml(bytes, "uv.lock");
  if (!doc) return std::unexpected(doc.error());
  auto entries = Entries(*doc, "package", "uv.lock");
  if (!entries) return std::unexpected(entries.error());
  ParsedPackages out;
  out.states_dev = true;  // from the project's dev groups; none means every package is runtime
  if (*entries == nullptr) return out;
  std::map<std::string, std::vector<std::string>> edges;
  std::vector<std::string> runtime_roots, dev_roots;
  std::size_t index = 0;
  for (const toml::node& node : **entries) {
    ++index;
    const toml::table* entry = node.as_table();
    if (entry != nullptr && IsProject(*entry)) {
      std::vector<std::string> deps = RuntimeDeps(*entry);
      runtime_roots.insert(runtime_roots.end(), deps.begin(), deps.end());
      if (const toml::table* groups = (*entry)["dev-dependencies"].as_table()) {
        for (const auto& [group, list] : *groups)
          AddNames(toml::node_view<const toml::node>(list), dev_roots);
      }
      continue;
    }
    auto p = NameVersion(node, "package", index, out);
    if (!p) continue;
    std::vector<std::string>& deps = edges[NormalizePypiName(p->name)];
    for (std::string& dep : RuntimeDeps(*entry)) deps.push_back(std::move(dep));
    out.packages.push_back(std::move(*p));
  }
  if (dev_roots.empty()) return out;  // nothing says any package is dev-only
  const std::set<std::string> runtime = Reach(runtime_roots, edges), dev = Reach(dev_roots, edges);
  for (std::size_t row = 0; row < out.packages.size(); ++row) {
    const std::string name = NormalizePypiName(std::string(out.packages.Name(row)));
    out.packages.SetDev(row, dev.contains(name) && !runtime.contains(name));
  }
  return out;
}

}  // namespace drydock
