// Cargo.lock records no dev-ness; the project's Cargo.toml does. As Trivy does, a crate is dev when only the
// manifest's [dev-dependencies] (or a target's) reach it through the lockfile's dependency lists.
#include <toml++/toml.h>

#include <map>
#include <set>

#include "catalog/rust/cargo_graph.h"
#include "catalog/toml_doc.h"

namespace drydock {
namespace {

// The crate names a dependency table lists: its keys, or the `package` a renamed entry points at.
void AddNames(const toml::node* table, std::set<std::string>& out) {
  const toml::table* deps = table != nullptr ? table->as_table() : nullptr;
  if (deps == nullptr) return;
  for (const auto& [key, value] : *deps) {
    const toml::table* detail = value.as_table();
    std::optional<std::string> renamed = detail ? (*detail)["package"].value<std::string>() : std::nullopt;
    out.insert(renamed ? *renamed : std::string(key.str()));
  }
}

// Runtime and dev names of one manifest: [dependencies] and [build-dependencies] run in or for the build;
// [dev-dependencies] only for tests, examples and benchmarks. Each also per target ([target.'cfg(..)'.*]).
void ManifestNames(const toml::table& doc, std::set<std::string>& runtime, std::set<std::string>& dev) {
  auto add_from = [&](const toml::table& table) {
    AddNames(table.get("dependencies"), runtime);
    AddNames(table.get("build-dependencies"), runtime);
    AddNames(table.get("dev-dependencies"), dev);
  };
  add_from(doc);
  if (const toml::table* targets = doc["target"].as_table()) {
    for (const auto& [cfg, target] : *targets) {
      if (const toml::table* table = target.as_table()) add_from(*table);
    }
  }
}

// "name", "name version" or "name version (source)" -> the crate's index; -1 when the lockfile has none.
class SpecIndex {
 public:
  explicit SpecIndex(const std::vector<CargoCrate>& crates) {
    for (std::size_t i = 0; i < crates.size(); ++i) {
      by_name_[crates[i].name].push_back(i);
      by_name_version_[crates[i].name + " " + crates[i].version] = i;
    }
  }
  long Find(std::string_view spec) const {
    spec = spec.substr(0, spec.find(" ("));
    if (auto exact = by_name_version_.find(std::string(spec)); exact != by_name_version_.end()) {
      return static_cast<long>(exact->second);
    }
    auto named = by_name_.find(std::string(spec.substr(0, spec.find(' '))));
    return named != by_name_.end() && named->second.size() == 1 ? static_cast<long>(named->second[0]) : -1;
  }

 private:
  std::map<std::string, std::vector<std::size_t>> by_name_;
  std::map<std::string, std::size_t> by_name_version_;
};

void Reach(std::vector<long> todo, const std::vector<CargoCrate>& crates, const SpecIndex& index,
           std::vector<bool>& reached) {
  while (!todo.empty()) {
    const long at = todo.back();
    todo.pop_back();
    if (at < 0 || reached[static_cast<std::size_t>(at)]) continue;
    reached[static_cast<std::size_t>(at)] = true;
    for (const std::string& spec : crates[static_cast<std::size_t>(at)].dependencies) todo.push_back(index.Find(spec));
  }
}

}  // namespace

Result<std::vector<bool>> MarkCargoDevCrates(const std::vector<CargoCrate>& crates, std::string_view manifest) {
  auto parsed = ParseTomlDoc(manifest, kMaxCargoManifestBytes, "Cargo.toml");
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& doc = *parsed;
  const std::optional<std::string> own_name = doc["package"]["name"].value<std::string>();
  std::set<std::string> runtime_names, dev_names;
  ManifestNames(doc, runtime_names, dev_names);
  const SpecIndex index(crates);
  std::vector<long> runtime_roots, dev_roots;
  for (std::size_t i = 0; i < crates.size(); ++i) {
    if (!crates[i].local) continue;
    const bool described = own_name && crates[i].name == *own_name;
    for (const std::string& spec : crates[i].dependencies) {
      const std::string name = spec.substr(0, spec.find(' '));
      const bool dev_only = described && dev_names.contains(name) && !runtime_names.contains(name);
      (dev_only ? dev_roots : runtime_roots).push_back(index.Find(spec));
    }
  }
  std::vector<bool> runtime(crates.size(), false), dev(crates.size(), false);
  Reach(runtime_roots, crates, index, runtime);
  Reach(dev_roots, crates, index, dev);
  for (std::size_t i = 0; i < crates.size(); ++i) dev[i] = dev[i] && !runtime[i];
  return dev;
}

}  // namespace drydock
