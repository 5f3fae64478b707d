// yarn.lock records no dev-ness; the project's package.json does. As Trivy does, a package is dev when only
// the manifest's devDependencies reach it through the lockfile's dependency lists.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/node/yarn_entries.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

// Indexes of the entries reachable from `roots` (specs), walking dependency lists; each entry visited once.
std::set<std::size_t> Reach(std::vector<std::string> roots, const std::map<std::string, std::size_t>& by_spec,
                            const std::vector<YarnEntry>& entries) {
  std::set<std::size_t> reached;
  while (!roots.empty()) {
    auto found = by_spec.find(roots.back());
    roots.pop_back();
    if (found == by_spec.end() || !reached.insert(found->second).second) continue;
    const auto& deps = entries[found->second].dependencies;
    roots.insert(roots.end(), deps.begin(), deps.end());
  }
  return reached;
}

std::vector<std::string> ManifestSpecs(const nlohmann::json& manifest, std::initializer_list<const char*> fields) {
  std::vector<std::string> specs;
  for (const char* field : fields) {
    auto deps = manifest.find(field);
    if (deps == manifest.end() || !deps->is_object()) continue;
    for (const auto& [name, range] : deps->items()) {
      if (range.is_string()) specs.push_back(CanonicalSpec(name + "@" + range.get<std::string>()));
    }
  }
  return specs;
}

}  // namespace

Result<ParsedPackages> ParseYarnLock(std::string_view bytes, std::optional<std::string_view> package_json) {
  ParsedPackages out;
  auto entries = ParseYarnEntries(bytes, out.skipped);
  if (!entries) return std::unexpected(entries.error());
  std::map<std::string, std::size_t> by_spec;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    for (const std::string& spec : (*entries)[i].specs) by_spec.emplace(spec, i);
  }
  std::set<std::size_t> prod, dev;
  if (package_json) {
    auto manifest = ParseJsonDoc(*package_json, kMaxPackageJsonBytes, "package.json");
    if (manifest && manifest->is_object()) {
      prod = Reach(ManifestSpecs(*manifest, {"dependencies", "optionalDependencies", "peerDependencies"}), by_spec,
                   *entries);
      dev = Reach(ManifestSpecs(*manifest, {"devDependencies"}), by_spec, *entries);
    } else {
      out.skipped.push_back("package.json beside yarn.lock is not a JSON object: dev dependencies not marked");
    }
  }
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // one package per name and version
  for (std::size_t i = 0; i < entries->size(); ++i) {
    YarnEntry& entry = (*entries)[i];
    const bool is_dev = dev.contains(i) && !prod.contains(i);
    auto [at, fresh] = seen.emplace(std::pair(entry.name, entry.version), out.packages.size());
    if (!fresh) {
      out.packages.SetDev(at->second, out.packages[at->second].dev && is_dev);
      continue;
    }
    Package p;
    p.name = std::move(entry.name);
    p.version = std::move(entry.version);
    p.ecosystem = "npm";
    p.dev = is_dev;
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
