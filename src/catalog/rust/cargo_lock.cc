// Cargo.lock: every crate the lockfile pins, minus the project's own crates (the root package, workspace
// members and path dependencies carry no `source`: they are not crates.io packages). With the Cargo.toml beside
// it, crates only [dev-dependencies] reach are marked dev (cargo_dev.cc), as Trivy marks them.
#include <toml++/toml.h>

#include <string>

#include "catalog/rust/cargo_graph.h"
#include "catalog/rust/rust.h"
#include "catalog/toml_doc.h"

namespace drydock {

Result<ParsedPackages> ParseCargoLock(std::string_view bytes, std::optional<std::string_view> manifest) {
  auto parsed = ParseTomlDoc(bytes, kMaxCargoLockBytes, "Cargo.lock");
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& doc = *parsed;
  ParsedPackages out;
  const toml::array* packages = doc["package"].as_array();
  if (packages == nullptr) {
    if (doc.contains("package")) return Fail("Cargo.lock: \"package\" is not an array of tables");
    return out;  // a workspace with no dependencies
  }
  std::vector<CargoCrate> crates;
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
    CargoCrate crate{.name = *name, .version = *version, .local = !entry->contains("source")};
    if (const toml::array* deps = (*entry)["dependencies"].as_array()) {
      for (const toml::node& dep : *deps) {
        if (auto spec = dep.value<std::string>()) crate.dependencies.push_back(*spec);
      }
    }
    crates.push_back(std::move(crate));
  }
  std::vector<bool> dev(crates.size(), false);
  if (manifest) {
    auto marked = MarkCargoDevCrates(crates, *manifest);
    if (!marked) {
      out.skipped.push_back(fmt::format("Cargo.toml beside it: {}; dev dependencies not told apart",
                                        marked.error().message));
    } else {
      dev = std::move(*marked);
      out.states_dev = true;
    }
  }
  for (std::size_t i = 0; i < crates.size(); ++i) {
    if (crates[i].local) continue;  // the project itself, its workspace members and path dependencies
    Package p;
    p.name = crates[i].name;
    p.version = crates[i].version;
    p.ecosystem = "cargo";
    p.dev = dev[i];
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
