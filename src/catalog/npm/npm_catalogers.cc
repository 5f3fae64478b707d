// The installed package.json parser and the npm binding.
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/npm/npm.h"

namespace drydock {
namespace {

using nlohmann::json;

std::string LicenseName(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("type") && value["type"].is_string())
    return value["type"].get<std::string>();
  return "";
}

// "node_modules/x/package.json", "a/node_modules/@s/x/package.json": the file right inside a package folder,
// not the package.json files some packages ship in their own subfolders (lib/esm/package.json).
bool IsInstalledPackageJson(std::string_view path) {
  if (!path.ends_with("/package.json")) return false;
  std::string_view dir = path.substr(0, path.size() - std::string_view("/package.json").size());
  const std::size_t last = dir.rfind('/');
  if (last == std::string_view::npos) return false;
  std::string_view parent = dir.substr(0, last);
  if (std::string_view scope = parent.substr(parent.rfind('/') + 1); scope.starts_with('@')) {
    parent = parent.substr(0, parent.size() - scope.size());
    if (!parent.empty()) parent.remove_suffix(1);
  }
  return parent == "node_modules" || parent.ends_with("/node_modules");
}

}  // namespace

Result<ParsedPackages> ParseInstalledPackageJson(std::string_view bytes) {
  if (bytes.size() > kMaxPackageJsonBytes) {
    return Fail("package.json of {} bytes is over the {} byte limit", bytes.size(), kMaxPackageJsonBytes);
  }
  const json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail("package.json is not JSON");
  if (!doc.is_object()) return Fail("package.json is not a JSON object");
  auto name = doc.find("name");
  auto version = doc.find("version");
  if (name == doc.end() || !name->is_string() || version == doc.end() || !version->is_string() ||
      name->get_ref<const std::string&>().empty() || version->get_ref<const std::string&>().empty()) {
    return Fail("package.json has no name and version strings");
  }
  Package p;
  p.name = name->get<std::string>();
  p.version = version->get<std::string>();
  p.ecosystem = "npm";
  if (auto license = doc.find("license"); license != doc.end()) {
    if (std::string text = LicenseName(*license); !text.empty()) p.licenses.push_back(std::move(text));
  } else if (auto licenses = doc.find("licenses"); licenses != doc.end() && licenses->is_array()) {
    for (const json& item : *licenses) {  // the pre-2015 form: [{"type": "MIT", "url": ...}]
      if (std::string text = LicenseName(item); !text.empty()) p.licenses.push_back(std::move(text));
    }
  }
  ParsedPackages out;
  out.packages.push_back(std::move(p));
  return out;
}

bool NpmCataloger::Required(std::string_view path) const {
  const std::string_view base = path.substr(path.rfind('/') + 1);  // npos + 1 == 0: the whole path
  if (base == "package-lock.json" || base == "yarn.lock" || base == "pnpm-lock.yaml") {
    return path.find("node_modules/") == std::string_view::npos;
  }
  return IsInstalledPackageJson(path);
}

Result<ParsedPackages> NpmCataloger::Parse(std::string_view path, std::string_view bytes) const {
  Result<ParsedPackages> parsed;
  if (path.ends_with("package-lock.json")) {
    parsed = ParsePackageLock(bytes);
  } else if (path.ends_with("yarn.lock")) {
    parsed = ParseYarnLock(bytes);
  } else if (path.ends_with("pnpm-lock.yaml")) {
    parsed = ParsePnpmLock(bytes);
  } else {
    parsed = ParseInstalledPackageJson(bytes);
  }
  if (!parsed) return std::unexpected(parsed.error());
  for (Package& package : parsed->packages) package.path = std::string(path);
  return parsed;
}

}  // namespace drydock
