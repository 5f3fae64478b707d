// bun.lock. Keys of "packages" are install paths: "has-flag" is hoisted, "supports-color-old/has-flag" is the
// copy nested under supports-color-old. A dependency resolves as node_modules does: from the package's own
// path outwards to the top level.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/lockfile_cataloger.h"
#include "common/bounded_json.h"
#include "catalog/node/node.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// bun writes JSON with a comma after the last member of every object and array; JSON proper forbids it. Drops
// each comma that only whitespace separates from a closing bracket, outside strings.
std::string WithoutTrailingCommas(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',') {
      std::size_t next = text.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string_view::npos && (text[next] == '}' || text[next] == ']')) continue;
    }
    out += c;
  }
  return out;
}

std::vector<std::string> DependencyNames(const Json& object, std::initializer_list<const char*> fields) {
  std::vector<std::string> names;
  if (!object.is_object()) return names;
  for (const char* field : fields) {
    auto deps = object.find(field);
    if (deps == object.end() || !deps->is_object()) continue;
    for (const auto& [name, spec] : deps->items()) names.push_back(name);
  }
  return names;
}

// The key a dependency `name` of the package at `from` (an install path, "" for a workspace root) resolves to.
std::string Resolve(const std::string& from, const std::string& name, const Json& packages) {
  std::string prefix = from;
  while (true) {
    const std::string key = prefix.empty() ? name : prefix + "/" + name;
    if (packages.contains(key)) return key;
    if (prefix.empty()) return "";
    // One level up: drop the last path element, which may be a scoped name ("@types/node").
    std::size_t slash = prefix.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      const std::size_t scope = prefix.rfind('/', slash - 1);
      const std::size_t start = scope == std::string::npos ? 0 : scope + 1;
      if (prefix[start] == '@') slash = scope;
    }
    prefix = slash == std::string::npos ? "" : prefix.substr(0, slash);
  }
}

std::set<std::string> Reach(std::vector<std::pair<std::string, std::string>> todo, const Json& packages) {
  std::set<std::string> reached;
  while (!todo.empty()) {
    auto [from, name] = std::move(todo.back());
    todo.pop_back();
    const std::string key = Resolve(from, name, packages);
    if (key.empty() || !reached.insert(key).second) continue;
    const Json& entry = packages[key];
    if (!entry.is_array() || entry.size() < 3) continue;
    for (const Json& part : entry) {  // the {dependencies...} object's position differs for git entries
      if (!part.is_object()) continue;
      for (std::string& dep : DependencyNames(part, {"dependencies", "optionalDependencies", "peerDependencies"}))
        todo.emplace_back(key, std::move(dep));
    }
  }
  return reached;
}

}  // namespace

bool IsBunLock(std::string_view path) {
  return PathBaseName(path) == "bun.lock" && path.find("node_modules/") == std::string_view::npos;
}

Result<ParsedPackages> ParseBunLock(std::string_view bytes) {
  if (bytes.size() > kMaxNodeLockBytes) {
    return Fail("bun.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxNodeLockBytes);
  }
  auto doc = ParseJsonDoc(WithoutTrailingCommas(bytes), kMaxNodeLockBytes, "bun.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("bun.lock is not a JSON object");
  if (auto version = doc->find("lockfileVersion"); version != doc->end() && !version->is_number_integer()) {
    return Fail("bun.lock: lockfileVersion is not a number");
  }
  ParsedPackages out;
  auto packages = doc->find("packages");
  if (packages == doc->end()) return out;
  if (!packages->is_object()) return Fail("bun.lock: \"packages\" is not an object");
  std::vector<std::pair<std::string, std::string>> runtime_roots, dev_roots;
  if (auto workspaces = doc->find("workspaces"); workspaces != doc->end() && workspaces->is_object()) {
    for (const auto& [path, workspace] : workspaces->items()) {
      const std::string name = JsonString(workspace, "name");  // value("name", "") threw on a non-string
      const std::string from = path.empty() ? "" : name;  // a workspace's own copies sit under its name
      for (std::string& dep : DependencyNames(workspace, {"dependencies", "optionalDependencies", "peerDependencies"}))
        runtime_roots.emplace_back(from, std::move(dep));
      for (std::string& dep : DependencyNames(workspace, {"devDependencies"})) dev_roots.emplace_back(from, std::move(dep));
    }
  }
  const std::set<std::string> runtime = Reach(runtime_roots, *packages), dev = Reach(dev_roots, *packages);
  out.states_dev = !dev_roots.empty() || !runtime_roots.empty();
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // one package per name and version
  for (const auto& [key, entry] : packages->items()) {
    const std::string spec = entry.is_array() && !entry.empty() && entry[0].is_string() ? entry[0].get<std::string>() : "";
    const std::size_t at = spec.find('@', 1);  // after a scope's leading '@'
    if (at == std::string::npos || at + 1 == spec.size()) {
      out.skipped.push_back(fmt::format("packages[\"{}\"]: not [\"name@version\", ...]", key));
      continue;
    }
    std::string name = spec.substr(0, at), version = spec.substr(at + 1);
    // "workspace:", "github:", "git+ssh://", "file:", "link:": the project's own or fetched code, not a release.
    if (version.find(':') != std::string::npos) continue;
    const bool is_dev = dev.contains(key) && !runtime.contains(key);
    auto [at_index, first] = seen.try_emplace({name, version}, out.packages.size());
    if (!first) {
      out.packages.SetDev(at_index->second, out.packages[at_index->second].dev && is_dev);
      continue;
    }
    Package p;
    p.name = std::move(name);
    p.version = std::move(version);
    p.ecosystem = "npm";
    p.dev = is_dev;
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
