// The three TOML lockfiles Python tools write. All name each locked package in an array of tables; they
// differ in the table's key, how the project itself appears, and whether dev dependencies are marked.
#include <toml++/toml.h>

#include <string>

#include "catalog/python/python.h"
#include "catalog/python/toml_util.h"
#include "catalog/toml_doc.h"
#include "common/package_name.h"

namespace drydock {

Result<toml::table> ParseToml(std::string_view bytes, std::string_view what) {
  return ParseTomlDoc(bytes, kMaxPythonLockBytes, what);
}

Result<const toml::array*> Entries(const toml::table& doc, std::string_view key, std::string_view what) {
  const toml::node_view<const toml::node> node = doc[key];
  if (!node) return nullptr;  // a project with no dependencies
  const toml::array* array = node.as_array();
  if (array == nullptr) return Fail("{}: \"{}\" is not an array of tables", what, key);
  return array;
}

std::optional<Package> NameVersion(const toml::node& node, std::string_view key, std::size_t index,
                                   ParsedPackages& out) {
  const toml::table* entry = node.as_table();
  const auto name = entry ? (*entry)["name"].value<std::string>() : std::nullopt;
  const auto version = entry ? (*entry)["version"].value<std::string>() : std::nullopt;
  if (!name || !version || name->empty() || version->empty()) {
    out.skipped.push_back(fmt::format("[[{}]] {}: no name or version string", key, index));
    return std::nullopt;
  }
  Package p;
  p.name = *name;  // as written; PackageId and the matcher fold spellings
  p.version = *version;
  p.ecosystem = "pypi";
  return p;
}

namespace {

// Poetry < 1.5 writes category "main" or "dev"; Poetry 2 writes groups, where "main" is the runtime one.
bool PoetryDev(const toml::table& entry) {
  if (auto category = entry["category"].value<std::string>()) return *category == "dev";
  const toml::array* groups = entry["groups"].as_array();
  if (groups == nullptr || groups->empty()) return false;
  for (const toml::node& group : *groups) {
    if (group.value<std::string>() == "main") return false;
  }
  return true;
}

}  // namespace

Result<ParsedPackages> ParsePoetryLock(std::string_view bytes) {
  auto doc = ParseToml(bytes, "poetry.lock");
  if (!doc) return std::unexpected(doc.error());
  auto entries = Entries(*doc, "package", "poetry.lock");
  if (!entries) return std::unexpected(entries.error());
  ParsedPackages out;
  if (*entries == nullptr) return out;
  std::size_t index = 0;
  for (const toml::node& node : **entries) {
    auto p = NameVersion(node, "package", ++index, out);
    if (!p) continue;
    const toml::table& entry = *node.as_table();
    p->dev = PoetryDev(entry);
    // Poetry 1.5-1.8 wrote neither: then the lock does not say, and dev is unknown rather than "runtime".
    out.states_dev |= entry.contains("category") || entry.contains("groups");
    out.packages.push_back(std::move(*p));
  }
  return out;
}

Result<ParsedPackages> ParsePylock(std::string_view bytes) {
  auto doc = ParseToml(bytes, "pylock.toml");
  if (!doc) return std::unexpected(doc.error());
  auto entries = Entries(*doc, "packages", "pylock.toml");
  if (!entries) return std::unexpected(entries.error());
  ParsedPackages out;
  if (*entries == nullptr) return out;
  std::size_t index = 0;
  for (const toml::node& node : **entries) {
    ++index;
    // PEP 751 lets directory and VCS packages omit the version: there is no release to match.
    if (const toml::table* entry = node.as_table();
        entry != nullptr && !entry->contains("version") &&
        (entry->contains("directory") || entry->contains("vcs"))) {
      continue;
    }
    if (auto p = NameVersion(node, "packages", index, out)) out.packages.push_back(std::move(*p));
  }
  return out;
}

}  // namespace drydock
