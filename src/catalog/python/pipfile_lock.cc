// Pipfile.lock: {"default": {name: {"version": "==1.2.3", ...}}, "develop": {...}}. Git and path entries
// carry no version (Pipenv writes "ref" or "path" instead); they name no release and are left out.
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/python/python.h"
#include "catalog/structured_doc.h"
#include "common/package_name.h"

namespace drydock {

Result<ParsedPackages> ParsePipfileLock(std::string_view bytes) {
  if (bytes.size() > kMaxPythonLockBytes) {
    return Fail("Pipfile.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxPythonLockBytes);
  }
  auto parsed = ParseJsonDoc(bytes, kMaxPythonLockBytes, "Pipfile.lock");
  if (!parsed) return std::unexpected(parsed.error());
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) return Fail("Pipfile.lock is not a JSON object");
  ParsedPackages out;
  out.states_dev = true;  // "default" vs "develop"
  for (const char* section : {"default", "develop"}) {
    auto packages = doc.find(section);
    if (packages == doc.end() || packages->is_null()) continue;
    if (!packages->is_object()) return Fail("Pipfile.lock: \"{}\" is not an object", section);
    for (const auto& [name, entry] : packages->items()) {
      if (!entry.is_object()) {
        out.skipped.push_back(fmt::format("{} package \"{}\": not an object", section, name));
        continue;
      }
      auto version = entry.find("version");
      if (version == entry.end()) continue;  // git or path dependency
      if (!version->is_string() || !version->get_ref<const std::string&>().starts_with("==")) {
        out.skipped.push_back(fmt::format("{} package \"{}\": version is not \"==X\"", section, name));
        continue;
      }
      Package p;
      p.name = name;  // as written; PackageId and the matcher fold spellings
      p.version = version->get<std::string>().substr(2);
      p.ecosystem = "pypi";
      p.dev = std::string_view(section) == "develop";
      out.packages.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace drydock
