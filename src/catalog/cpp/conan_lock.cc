#include <set>
#include <string>

#include "catalog/cpp/cpp.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// "zlib/1.2.11@bincrafters/testing#5f49..:1972..#5884.." -> {"zlib", "1.2.11"}; empty name when the reference
// names no package ("1.2.3").
std::pair<std::string, std::string> SplitReference(std::string_view ref) {
  ref = ref.substr(0, ref.find_first_of("#:%"));
  ref = ref.substr(0, ref.find('@'));
  const std::size_t slash = ref.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size()) return {};
  return {std::string(ref.substr(0, slash)), std::string(ref.substr(slash + 1))};
}

void AddReference(const std::string& ref, bool dev, std::string_view where, ParsedPackages& out) {
  auto [name, version] = SplitReference(ref);
  if (name.empty()) {
    out.skipped.push_back(fmt::format("{}: \"{}\" is not name/version", where, ref));
    return;
  }
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.ecosystem = "conan";
  p.dev = dev;
  out.packages.push_back(std::move(p));
}

// Conan 2: flat lists of references.
Result<ParsedPackages> ReadV2(const Json& doc) {
  ParsedPackages out;
  out.states_dev = true;
  for (auto [key, dev] : {std::pair{"requires", false}, {"build_requires", true}, {"python_requires", true}}) {
    auto list = doc.find(key);
    if (list == doc.end() || list->is_null()) continue;
    if (!list->is_array()) return Fail("conan.lock: \"{}\" is not a list", key);
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& ref = (*list)[i];
      if (!ref.is_string()) {
        out.skipped.push_back(fmt::format("{}[{}]: not a string", key, i));
        continue;
      }
      AddReference(ref.get<std::string>(), dev, fmt::format("{}[{}]", key, i), out);
    }
  }
  return out;
}

// The node ids a node's `requires` or `build_requires` names: a list of ids (1.x) or a map ref -> id (0.x).
void EdgeIds(const Json& node, const char* key, std::set<std::string>& out) {
  auto edges = node.find(key);
  if (edges == node.end()) return;
  if (edges->is_array()) {
    for (const Json& id : *edges) {
      if (id.is_string()) out.insert(id.get<std::string>());
    }
  } else if (edges->is_object()) {
    for (const auto& [ref, id] : edges->items()) {
      if (id.is_string()) out.insert(id.get<std::string>());
    }
  }
}

Result<ParsedPackages> ReadGraphLock(const Json& graph) {
  ParsedPackages out;
  out.states_dev = true;
  auto nodes = graph.find("nodes");
  if (nodes == graph.end()) return out;
  if (!nodes->is_object()) return Fail("conan.lock: graph_lock.nodes is not an object");
  std::set<std::string> required, build_required;
  for (const auto& [id, node] : nodes->items()) {
    if (!node.is_object()) continue;
    EdgeIds(node, "requires", required);
    EdgeIds(node, "build_requires", build_required);
  }
  for (const auto& [id, node] : nodes->items()) {
    const std::string where = fmt::format("graph_lock.nodes[\"{}\"]", id);
    if (!node.is_object()) {
      out.skipped.push_back(where + ": not an object");
      continue;
    }
    if (node.contains("path")) continue;  // the project's own conanfile: the root, not a dependency
    std::string ref;
    for (const char* key : {"ref", "pref"}) {
      if (auto found = node.find(key); found != node.end() && found->is_string()) ref = found->get<std::string>();
      if (!ref.empty()) break;
    }
    if (ref.empty()) {
      out.skipped.push_back(where + ": no ref");
      continue;
    }
    AddReference(ref, build_required.contains(id) && !required.contains(id), where, out);
  }
  return out;
}

}  // namespace

bool IsConanLock(std::string_view path) { return PathBaseName(path) == "conan.lock"; }

Result<ParsedPackages> ParseConanLock(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxConanLockBytes, "conan.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("conan.lock is not a JSON object");
  if (auto graph = doc->find("graph_lock"); graph != doc->end()) {
    if (!graph->is_object()) return Fail("conan.lock: \"graph_lock\" is not an object");
    return ReadGraphLock(*graph);
  }
  return ReadV2(*doc);
}

}  // namespace drydock
