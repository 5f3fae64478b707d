#include <pugixml.hpp>
#include <string>

#include "catalog/dotnet/dotnet.h"

namespace drydock {

Result<ParsedPackages> ParseNugetConfig(std::string_view bytes) {
  if (bytes.size() > kMaxNugetFileBytes) {
    return Fail("packages.config of {} bytes is over the {} byte limit", bytes.size(), kMaxNugetFileBytes);
  }
  pugi::xml_document doc;
  // pugixml's parser is not recursive and never fetches external entities.
  const pugi::xml_parse_result result = doc.load_buffer(bytes.data(), bytes.size());
  if (!result) return Fail("packages.config is not XML: {} at byte {}", result.description(), result.offset);
  const pugi::xml_node root = doc.child("packages");
  if (!root) return Fail("packages.config has no <packages> element");
  ParsedPackages out;
  std::size_t index = 0;
  for (const pugi::xml_node& node : root.children("package")) {
    ++index;
    const std::string id = node.attribute("id").as_string();
    const std::string version = node.attribute("version").as_string();
    if (id.empty() || version.empty()) {
      out.skipped.push_back(fmt::format("<package> {}: no id or version", index));
      continue;
    }
    Package p;
    p.name = id;
    p.version = version;
    p.ecosystem = "nuget";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
