// package-lock.json. v2 and v3 key every installed copy by its node_modules path in "packages"; v1 (and v2,
// which carries both for older npm) nests "dependencies" one level per node_modules level.
#include <nlohmann/json.hpp>
#include <map>
#include <string>

#include "catalog/node/node.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

constexpr std::string_view kNodeModules = "node_modules/";

struct Collect {
  ParsedPackages out;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // name, version -> index in out.packages

  void Add(std::string name, std::string version, bool dev) {
    // An alias ("foo": "npm:bar@1.2.3", v1) names the real package in its version.
    if (version.starts_with("npm:")) {
      const std::size_t at = version.find('@', 5);
      if (at == std::string::npos) return;
      name = version.substr(4, at - 4);
      version = version.substr(at + 1);
    }
    // git+https://..., file:..., github:user/repo: local or VCS code, no registry release to match.
    if (version.find(':') != std::string::npos || version.find('/') != std::string::npos) return;
    // Several copies of one release are one package; it is dev only if every copy is.
    auto [at, fresh] = seen.emplace(std::pair(name, version), out.packages.size());
    if (!fresh) {
      out.packages.SetDev(at->second, out.packages[at->second].dev && dev);
      return;
    }
    Package p;
    p.name = std::move(name);
    p.version = std::move(version);
    p.ecosystem = "npm";
    p.dev = dev;
    out.packages.push_back(std::move(p));
  }
};

const std::string* StringField(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? &found->get_ref<const std::string&>() : nullptr;
}

bool TrueField(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

void ReadPackages(const nlohmann::json& packages, Collect& c) {
  for (const auto& [key, entry] : packages.items()) {
    if (key.empty()) continue;  // the root project
    const std::size_t last = key.rfind(kNodeModules);
    if (last == std::string::npos || (last != 0 && key[last - 1] != '/')) continue;  // a workspace's own dir
    if (!entry.is_object()) {
      c.out.skipped.push_back(fmt::format("package \"{}\": not an object", key));
      continue;
    }
    if (TrueField(entry, "link")) continue;  // a symlink to a workspace: its own entry says what it is
    const std::string* version = StringField(entry, "version");
    if (version == nullptr) {
      c.out.skipped.push_back(fmt::format("package \"{}\": no version", key));
      continue;
    }
    const std::string* name = StringField(entry, "name");  // set when installed under an alias
    c.Add(name != nullptr ? *name : key.substr(last + kNodeModules.size()), *version, TrueField(entry, "dev"));
  }
}

// Recursion is bounded: ParseJsonDoc refused documents nested deeper than kMaxDocNestingDepth.
void ReadDependencies(const nlohmann::json& dependencies, Collect& c) {
  for (const auto& [name, entry] : dependencies.items()) {
    if (!entry.is_object()) {
      c.out.skipped.push_back(fmt::format("dependency \"{}\": not an object", name));
      continue;
    }
    const std::string* version = StringField(entry, "version");
    if (version == nullptr) {
      c.out.skipped.push_back(fmt::format("dependency \"{}\": no version", name));
      continue;
    }
    c.Add(name, *version, TrueField(entry, "dev"));
    if (auto nested = entry.find("dependencies"); nested != entry.end() && nested->is_object()) {
      ReadDependencies(*nested, c);
    }
  }
}

}  // namespace

Result<ParsedPackages> ParsePackageLock(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxNodeLockBytes, "package-lock.json");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("package-lock.json is not a JSON object");
  Collect c;
  auto packages = doc->find("packages");
  auto dependencies = doc->find("dependencies");
  if (packages != doc->end()) {
    if (!packages->is_object()) return Fail("package-lock.json: \"packages\" is not an object");
    ReadPackages(*packages, c);
  } else if (dependencies != doc->end()) {
    if (!dependencies->is_object()) return Fail("package-lock.json: \"dependencies\" is not an object");
    ReadDependencies(*dependencies, c);
  }
  return std::move(c.out);
}

}  // namespace drydock
