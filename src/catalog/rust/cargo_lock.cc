#include <toml++/toml.h>

#include <sstream>
#include <string>

#include "catalog/rust/rust.h"
#include "catalog/toml_doc.h"

namespace drydock {

Result<ParsedPackages> ParseCargoLock(std::string_view bytes) {
  auto parsed = ParseTomlDoc(bytes, kMaxCargoLockBytes, "Cargo.lock");
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& doc = *parsed;
  ParsedPackages out;
  const toml::array* packages = doc["package"].as_array();
  if (packages == nullptr) {
    if (doc.contains("package")) return Fail("Cargo.lock: \"package\" is not an array of tables");
    return out;  // a workspace with no dependencies
  }
  std::size_t index = 0;
  for (const toml::node& node : *packages) {
    ++index;
    const toml::table* entry = node.as_table();
    const std::optional<std::string> name = entry ? (*entry)["name"].value<std::string>() : std::nullopt;
    const std::optional<std::string> version = entry ? (*entry)["version"].value<std::string>() : std::nullopt;
    if (!name || !version || name->empty() || version->empty()) {
      out.skipped.push_back(fmt::format("[[package]] {}: no name or version string", index));
      continue;
    }
    Package p;
    p.name = *name;
    p.version = *version;
    p.ecosystem = "cargo";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
