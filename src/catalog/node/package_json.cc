// Installed node_modules/<name>/package.json. npm, yarn and pnpm (inside .pnpm/<id>/node_modules) all leave
// one per installed package; its "name" and "version" are what the registry published.
#include <nlohmann/json.hpp>

#include "catalog/node/node.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

// "license": "MIT" | {"type": "MIT", "url": ...}; legacy forms put an array of either in "license" or
// "licenses".
void AddLicense(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_object()) {
    if (auto type = value.find("type"); type != value.end() && type->is_string()) out.push_back(type->get<std::string>());
  }
}

}  // namespace

bool IsInstalledPackageJson(std::string_view path) {
  if (!path.ends_with("package.json")) return false;
  path.remove_suffix(std::string_view("package.json").size());
  if (!path.empty() && path.back() != '/') return false;  // "mypackage.json"
  if (path.empty()) return false;
  path.remove_suffix(1);  // "a/node_modules/@scope/name"
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return false;
  std::string_view parent = path.substr(0, slash);
  const std::string_view name = path.substr(slash + 1);
  if (name.empty() || name[0] == '.') return false;  // node_modules/.bin, .cache
  if (name[0] == '@') return false;                  // node_modules/@scope/package.json is no package
  const std::size_t parent_slash = parent.rfind('/');
  std::string_view parent_name = parent_slash == std::string_view::npos ? parent : parent.substr(parent_slash + 1);
  if (!parent_name.empty() && parent_name[0] == '@') {  // a scoped package: node_modules/@scope/name
    if (parent_slash == std::string_view::npos) return false;
    parent = parent.substr(0, parent_slash);
    const std::size_t up = parent.rfind('/');
    parent_name = up == std::string_view::npos ? parent : parent.substr(up + 1);
  }
  return parent_name == "node_modules";
}

Result<ParsedPackages> ParseInstalledPackageJson(std::string_view bytes) {
  auto doc = ParseJsonDoc(bytes, kMaxPackageJsonBytes, "package.json");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object()) return Fail("package.json is not a JSON object");
  ParsedPackages out;
  auto name = doc->find("name");
  auto version = doc->find("version");
  if (name == doc->end() || !name->is_string() || version == doc->end() || !version->is_string() ||
      name->get_ref<const std::string&>().empty() || version->get_ref<const std::string&>().empty()) {
    out.skipped.push_back("package.json: no \"name\" and \"version\" strings");
    return out;
  }
  Package p;
  p.name = name->get<std::string>();
  p.version = version->get<std::string>();
  p.ecosystem = "npm";
  for (const char* field : {"license", "licenses"}) {
    auto license = doc->find(field);
    if (!p.licenses.empty() || license == doc->end()) continue;
    if (!license->is_array()) AddLicense(*license, p.licenses);
    else for (const auto& each : *license) AddLicense(each, p.licenses);
  }
  out.packages.push_back(std::move(p));
  return out;
}

}  // namespace drydock
