#include <toml++/toml.h>

#include "catalog/julia/julia.h"
#include "catalog/lockfile_cataloger.h"
#include "catalog/toml_doc.h"

namespace drydock {

bool IsJuliaManifest(std::string_view path) {
  // Manifest.toml, and the versioned Manifest-v1.11.toml Pkg writes when several Julia versions share a project.
  const std::string_view base = PathBaseName(path);
  return base == "Manifest.toml" || base == "JuliaManifest.toml" ||
         (base.starts_with("Manifest-v") && base.ends_with(".toml"));
}

Result<ParsedPackages> ParseJuliaManifest(std::string_view bytes) {
  auto parsed = ParseTomlDoc(bytes, kMaxJuliaManifestBytes, "Manifest.toml");
  if (!parsed) return std::unexpected(parsed.error());
  const toml::table& doc = *parsed;
  // 2.0: everything under [deps]; 1.0: the top level, where only arrays of tables are packages.
  const toml::table* deps = doc.contains("manifest_format") ? doc["deps"].as_table() : &doc;
  ParsedPackages out;
  if (deps == nullptr) {
    if (doc.contains("deps")) return Fail("Manifest.toml: \"deps\" is not a table");
    return out;
  }
  for (const auto& [key, value] : *deps) {
    const toml::array* entries = value.as_array();
    if (entries == nullptr) continue;  // julia_version, project_hash... in a 1.0 manifest's top level
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const toml::table* entry = (*entries)[i].as_table();
      if (entry == nullptr) {
        out.skipped.push_back(fmt::format("[[{}]] {}: not a table", key.str(), i + 1));
        continue;
      }
      const std::optional<std::string> version = (*entry)["version"].value<std::string>();
      if (!version || version->empty() || entry->contains("path")) continue;  // stdlib, or developed locally
      Package p;
      p.name = std::string(key.str());
      p.version = *version;
      p.ecosystem = "julia";
      out.packages.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace drydock
