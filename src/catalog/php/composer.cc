// composer.lock and vendor/composer/installed.json share one package object shape:
// {"name": "vendor/pkg", "version": "1.2.3", "license": ["MIT"], ...}.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "catalog/php/php.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

const std::string* StringField(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? &found->get_ref<const std::string&>() : nullptr;
}

// Adds each package of the array `list`; `dev_names` marks dev ones (installed.json 2.x).
void ReadList(const nlohmann::json& list, std::string_view section, bool dev, const std::set<std::string>& dev_names,
              ParsedPackages& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& entry = list[i];
    const std::string* name = entry.is_object() ? StringField(entry, "name") : nullptr;
    const std::string* version = entry.is_object() ? StringField(entry, "version") : nullptr;
    if (name == nullptr || version == nullptr || name->empty() || version->empty()) {
      out.skipped.push_back(fmt::format("{}[{}]: no \"name\" and \"version\" strings", section, i));
      continue;
    }
    Package p;
    p.name = *name;
    p.version = *version;
    p.ecosystem = "composer";
    p.dev = dev || dev_names.contains(*name);
    if (auto license = entry.find("license"); license != entry.end()) {
      if (license->is_string()) p.licenses.push_back(license->get<std::string>());
      if (license->is_array()) {
        for (const auto& each : *license) {
          if (each.is_string()) p.licenses.push_back(each.get<std::string>());
        }
      }
    }
    out.packages.push_back(std::move(p));
  }
}

}  // namespace

Result<ParsedPackages> ParseComposerLock(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxComposerFileBytes, "composer.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("composer.lock is not a JSON object");
  ParsedPackages out;
  for (const char* section : {"packages", "packages-dev"}) {
    auto list = doc->find(section);
    if (list == doc->end() || list->is_null()) continue;
    if (!list->is_array()) return Fail("composer.lock: \"{}\" is not an array", section);
    ReadList(*list, section, std::string_view(section) == "packages-dev", {}, out);
  }
  return out;
}

Result<ParsedPackages> ParseComposerInstalled(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxComposerFileBytes, "installed.json");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  if (doc->is_array()) {  // Composer 1.x
    ReadList(*doc, "packages", false, {}, out);
    return out;
  }
  if (!doc->is_object()) return Fail("installed.json is neither an array nor an object");
  auto list = doc->find("packages");
  if (list == doc->end() || !list->is_array()) return Fail("installed.json: \"packages\" is not an array");
  std::set<std::string> dev_names;
  if (auto names = doc->find("dev-package-names"); names != doc->end() && names->is_array()) {
    for (const auto& name : *names) {
      if (name.is_string()) dev_names.insert(name.get<std::string>());
    }
  }
  ReadList(*list, "packages", false, dev_names, out);
  return out;
}

}  // namespace drydock
