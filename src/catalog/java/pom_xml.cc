// pom.xml, read alone: the project's <dependencies> (test scope left out, as a built artifact has none of
// them), versions taken from the dependency or else from <dependencyManagement> in the same file, and
// ${...} references resolved from <properties> and the project's own coordinates. Parent POMs and imported
// BOMs live elsewhere (another file or a repository) and are not fetched; a dependency whose version
// only they could give is listed in `skipped`.
#include <pugixml.hpp>
#include <map>
#include <string>

#include "catalog/java/java.h"

namespace drydock {
namespace {

// References resolved per value; a property chain longer than this (or a cycle) is left unresolved.
constexpr int kMaxPropertyExpansions = 32;

std::string Text(const pugi::xml_node& node, const char* child) {
  std::string value = node.child(child).text().as_string();
  const auto first = value.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
}

// Expands ${name}; nullopt when a reference stays unresolved.
std::optional<std::string> Resolve(std::string value, const std::map<std::string, std::string>& props) {
  for (int i = 0; i < kMaxPropertyExpansions; ++i) {
    const std::size_t open = value.find("${");
    if (open == std::string::npos) return value;
    const std::size_t close = value.find('}', open);
    if (close == std::string::npos) return std::nullopt;
    auto it = props.find(value.substr(open + 2, close - open - 2));
    if (it == props.end()) return std::nullopt;
    value.replace(open, close - open + 1, it->second);
  }
  return std::nullopt;
}

}  // namespace

Result<ParsedPackages> ParsePomXml(std::string_view bytes) {
  if (bytes.size() > kMaxPomXmlBytes) return Fail("pom.xml of {} bytes is over the {} byte limit", bytes.size(), kMaxPomXmlBytes);
  pugi::xml_document doc;
  const pugi::xml_parse_result result = doc.load_buffer(bytes.data(), bytes.size());
  if (!result) return Fail("pom.xml is not XML: {} at byte {}", result.description(), result.offset);
  const pugi::xml_node project = doc.child("project");
  if (!project) return Fail("pom.xml has no <project> element");
  std::map<std::string, std::string> props;
  for (const pugi::xml_node& p : project.child("properties").children()) {
    if (p.type() == pugi::node_element) props.emplace(p.name(), p.text().as_string());
  }
  const pugi::xml_node parent = project.child("parent");
  std::string group = Text(project, "groupId"), version = Text(project, "version");
  if (group.empty()) group = Text(parent, "groupId");
  if (version.empty()) version = Text(parent, "version");
  for (const auto& [key, value] : std::map<std::string, std::string>{
           {"project.groupId", group}, {"project.artifactId", Text(project, "artifactId")},
           {"project.version", version}, {"pom.version", version}, {"version", version},
           {"project.parent.version", Text(parent, "version")}, {"project.parent.groupId", Text(parent, "groupId")}}) {
    if (!value.empty()) props.emplace(key, value);
  }
  std::map<std::string, std::string> managed;  // "group:artifact" -> version
  for (const pugi::xml_node& d : project.child("dependencyManagement").child("dependencies").children("dependency")) {
    const auto g = Resolve(Text(d, "groupId"), props), a = Resolve(Text(d, "artifactId"), props);
    if (g && a) managed.emplace(*g + ":" + *a, Text(d, "version"));
  }
  ParsedPackages out;
  for (const pugi::xml_node& d : project.child("dependencies").children("dependency")) {
    if (Text(d, "scope") == "test") continue;
    const auto g = Resolve(Text(d, "groupId"), props), a = Resolve(Text(d, "artifactId"), props);
    if (!g || !a || g->empty() || a->empty()) {
      out.skipped.push_back(fmt::format("dependency {}:{}: unresolved groupId or artifactId", Text(d, "groupId"),
                                        Text(d, "artifactId")));
      continue;
    }
    const std::string name = *g + ":" + *a;
    std::string raw = Text(d, "version");
    if (raw.empty() && managed.contains(name)) raw = managed[name];
    const auto v = Resolve(raw, props);
    if (raw.empty() || !v || v->empty()) {
      out.skipped.push_back(fmt::format("dependency {}: version \"{}\" not resolvable from this file", name, raw));
      continue;
    }
    Package p;
    p.name = name;
    p.version = *v;
    p.ecosystem = "maven";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
