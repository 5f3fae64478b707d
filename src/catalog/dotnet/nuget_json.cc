#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "catalog/dotnet/dotnet.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

Package Nuget(std::string name, std::string version) {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.ecosystem = "nuget";
  return p;
}

Result<nlohmann::json> ParseObject(std::string_view bytes, std::string_view what) {
  auto parsed = ParseJsonDoc(bytes, kMaxNugetFileBytes, what);
  if (!parsed) return std::unexpected(parsed.error());
  nlohmann::json doc = std::move(*parsed);
  if (!doc.is_object()) return Fail("{} is not a JSON object", what);
  return doc;
}

}  // namespace

Result<ParsedPackages> ParseDotnetDeps(std::string_view bytes) {
  auto doc = ParseObject(bytes, "deps.json");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  auto libraries = doc->find("libraries");
  if (libraries == doc->end()) return out;
  if (!libraries->is_object()) return Fail("deps.json: \"libraries\" is not an object");
  for (const auto& [key, library] : libraries->items()) {
    const std::size_t slash = key.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
      out.skipped.push_back(fmt::format("library \"{}\": not \"Name/Version\"", key));
      continue;
    }
    if (!library.is_object() || !library.contains("type") || !library["type"].is_string()) {
      out.skipped.push_back(fmt::format("library \"{}\": no type", key));
      continue;
    }
    if (library["type"] != "package") continue;  // "project", "reference": the app's own code
    out.packages.push_back(Nuget(key.substr(0, slash), key.substr(slash + 1)));
  }
  return out;
}

Result<ParsedPackages> ParseNugetLock(std::string_view bytes) {
  auto doc = ParseObject(bytes, "packages.lock.json");
  if (!doc) return std::unexpected(doc.error());
  ParsedPackages out;
  auto frameworks = doc->find("dependencies");
  if (frameworks == doc->end()) return out;
  if (!frameworks->is_object()) return Fail("packages.lock.json: \"dependencies\" is not an object");
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [framework, deps] : frameworks->items()) {
    if (!deps.is_object()) {
      out.skipped.push_back(fmt::format("framework \"{}\": not an object", framework));
      continue;
    }
    for (const auto& [name, dep] : deps.items()) {
      if (!dep.is_object()) {
        out.skipped.push_back(fmt::format("{}: {}: not an object", framework, name));
        continue;
      }
      if (dep.contains("type") && dep["type"] == "Project") continue;
      if (!dep.contains("resolved") || !dep["resolved"].is_string()) {
        out.skipped.push_back(fmt::format("{}: {}: no resolved version", framework, name));
        continue;
      }
      std::string version = dep["resolved"].get<std::string>();
      if (seen.emplace(name, version).second) out.packages.push_back(Nuget(name, std::move(version)));
    }
  }
  return out;
}

}  // namespace drydock
