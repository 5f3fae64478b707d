// pnpm-lock.yaml. Package keys changed format across lockfile versions: v5 "/name/1.2.3_peer@1.0.0",
// v6-v8 "/name@1.2.3(peer@1.0.0)", v9 "name@1.2.3" (peers moved to "snapshots"). v5-v8 mark dev entries with
// `dev: true`; v9 does not, so dev-ness is what the importers' devDependencies reach and nothing else does.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/node/node.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

struct NameVersion {
  std::string name, version;
};

// The key without its peer suffix, split into name and version; empty name when the key is not one.
NameVersion SplitKey(std::string_view key, bool slash_form) {
  if (key.starts_with('/')) key.remove_prefix(1);
  if (std::size_t paren = key.find('('); paren != std::string_view::npos) key = key.substr(0, paren);
  std::size_t sep = slash_form ? key.rfind('/') : key.find('@', 1);
  if (slash_form && sep != std::string_view::npos) {
    std::string_view version = key.substr(sep + 1);
    if (std::size_t peer = version.find('_'); peer != std::string_view::npos) version = version.substr(0, peer);
    return {std::string(key.substr(0, sep)), std::string(version)};
  }
  if (sep == std::string_view::npos || sep == 0 || sep + 1 == key.size()) return {};
  return {std::string(key.substr(0, sep)), std::string(key.substr(sep + 1))};
}

std::string Scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : std::string();
}

// v9: every snapshot key ("name@1.2.3(peer)") reachable from the importers' non-dev dependencies.
std::set<std::string> ProdSnapshots(const YAML::Node& doc) {
  std::vector<std::string> todo;
  auto push_deps = [&](const YAML::Node& deps, bool importer) {
    if (!deps || !deps.IsMap()) return;
    for (const auto& dep : deps) {
      // Importers write {specifier, version}; snapshots write the version directly. A version holding '@'
      // after its first byte is an alias's full key ("bar@1.0.0"); "link:" is a workspace.
      std::string version = importer && dep.second.IsMap() ? Scalar(dep.second, "version")
                                                            : (dep.second.IsScalar() ? dep.second.Scalar() : "");
      if (version.empty() || version.starts_with("link:")) continue;
      const std::string_view bare = std::string_view(version).substr(0, version.find('('));  // peers hold '@'
      todo.push_back(bare.find('@', 1) != std::string_view::npos ? version : dep.first.Scalar() + "@" + version);
    }
  };
  if (const YAML::Node importers = doc["importers"]; importers && importers.IsMap()) {
    for (const auto& importer : importers) {
      if (!importer.second.IsMap()) continue;
      push_deps(importer.second["dependencies"], true);
      push_deps(importer.second["optionalDependencies"], true);
    }
  }
  // yaml-cpp looks keys up linearly; index the snapshots once so the walk stays O(n log n).
  std::map<std::string, YAML::Node> snapshots;
  if (const YAML::Node all = doc["snapshots"]; all && all.IsMap()) {
    for (const auto& snapshot : all) snapshots.emplace(snapshot.first.Scalar(), snapshot.second);
  }
  std::set<std::string> reached;
  while (!todo.empty()) {
    std::string key = std::move(todo.back());
    todo.pop_back();
    if (!reached.insert(key).second) continue;
    auto snapshot = snapshots.find(key);
    if (snapshot == snapshots.end() || !snapshot->second.IsMap()) continue;
    push_deps(snapshot->second["dependencies"], false);
    push_deps(snapshot->second["optionalDependencies"], false);
  }
  return reached;
}

}  // namespace

Result<ParsedPackages> ParsePnpmLock(std::string_view bytes) {
  auto doc = ParseYamlDoc(bytes, kMaxNodeLockBytes, "pnpm-lock.yaml");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  if (doc->IsNull()) return out;  // an empty file
  if (!doc->IsMap()) return Fail("pnpm-lock.yaml is not a YAML mapping");
  const std::string lock_version = Scalar(*doc, "lockfileVersion");
  const double major = std::atof(lock_version.c_str());
  if (major == 0) return Fail("pnpm-lock.yaml: no lockfileVersion");
  const YAML::Node packages = (*doc)["packages"];
  if (!packages) return out;
  if (!packages.IsMap()) return Fail("pnpm-lock.yaml: \"packages\" is not a mapping");
  // v9 proper has "snapshots"; hand-written v9 headers over v6 bodies (they exist) keep `dev:` fields.
  const bool by_reach = major >= 9 && (*doc)["snapshots"];
  std::set<std::string> prod_names;  // "name@version" without peers
  if (by_reach) {
    for (const std::string& key : ProdSnapshots(*doc)) {
      NameVersion nv = SplitKey(key, false);
      prod_names.insert(nv.name + "@" + nv.version);
    }
  }
  std::map<std::string, std::size_t> seen;  // "name@version" -> index in out.packages
  for (const auto& entry : packages) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& body = entry.second;
    NameVersion nv = SplitKey(key, major < 6);
    const std::string key_id = nv.name + "@" + nv.version;  // what snapshots and importers point at
    // Tarball and git entries carry their real version (and for tarballs their name) as fields.
    if (body.IsMap()) {
      if (std::string name = Scalar(body, "name"); !name.empty()) nv.name = std::move(name);
      if (std::string version = Scalar(body, "version"); !version.empty()) nv.version = std::move(version);
    }
    if (nv.name.empty() || nv.version.empty() || nv.version.find(':') != std::string::npos) {
      out.skipped.push_back(fmt::format("package \"{}\": not name and version", key));
      continue;
    }
    const bool dev = by_reach ? !prod_names.contains(key_id) : body.IsMap() && Scalar(body, "dev") == "true";
    auto [at, fresh] = seen.emplace(nv.name + "@" + nv.version, out.packages.size());
    if (!fresh) {  // one release under several peer sets: dev only if every copy is
      out.packages.SetDev(at->second, out.packages[at->second].dev && dev);
      continue;
    }
    Package p;
    p.ecosystem = "npm";
    p.dev = dev;
    p.name = std::move(nv.name);
    p.version = std::move(nv.version);
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
