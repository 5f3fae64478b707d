// Directory.Packages.props (NuGet central package management) and the older Packages.props: the versions a
// repository pins for every project in it.
#include <pugixml.hpp>
#include <string>

#include "catalog/dotnet/dotnet.h"
#include "catalog/lockfile_cataloger.h"

namespace drydock {
namespace {

std::string Trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// "6.0.0" and NuGet's exact pin "[6.0.0]" -> the version; ranges ("[1.0,2.0)", "1.*") and MSBuild properties
// ("$(Version)") -> empty: they name no single version.
std::string ExactVersion(std::string version) {
  if (version.size() > 2 && version.front() == '[' && version.back() == ']') version = Trimmed(version.substr(1, version.size() - 2));
  if (version.empty() || version.find_first_of("$(),*[] ") != std::string::npos) return "";
  return version;
}

}  // namespace

bool IsPackagesProps(std::string_view path) {
  const std::string_view base = PathBaseName(path);
  return base == "Directory.Packages.props" || base == "Packages.props";
}

Result<ParsedPackages> ParsePackagesProps(std::string_view bytes) {
  if (bytes.size() > kMaxNugetFileBytes) {
    return Fail("Packages.props of {} bytes is over the {} byte limit", bytes.size(), kMaxNugetFileBytes);
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result result = doc.load_buffer(bytes.data(), bytes.size());
  if (!result) return Fail("Packages.props is not XML: {} at byte {}", result.description(), result.offset);
  const pugi::xml_node project = doc.child("Project");
  if (!project) return Fail("Packages.props has no <Project> element");
  ParsedPackages out;
  for (const pugi::xml_node& group : project.children("ItemGroup")) {
    for (const pugi::xml_node& item : group.children()) {
      const std::string_view kind = item.name();
      if (kind != "PackageVersion" && kind != "PackageReference" && kind != "GlobalPackageReference") continue;
      std::string name = Trimmed(item.attribute("Include").as_string());
      if (name.empty()) name = Trimmed(item.attribute("Update").as_string());
      std::string written = item.attribute("Version").as_string();
      if (written.empty()) written = item.child_value("Version");  // <Version>1.2.3</Version>
      const std::string version = ExactVersion(Trimmed(written));
      if (name.empty() || name.find("$(") != std::string::npos || version.empty()) {
        out.skipped.push_back(fmt::format("<{} Include=\"{}\" Version=\"{}\">: no package name and exact version",
                                          kind, name, written));
        continue;
      }
      Package p;
      p.name = std::move(name);
      p.version = version;
      p.ecosystem = "nuget";
      out.packages.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace drydock
