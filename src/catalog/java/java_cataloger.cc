// Binding: archives by extension, gradle.lockfile by name.
#include "catalog/java/java.h"

namespace drydock {

bool JavaCataloger::Required(std::string_view path) const {
  return path.ends_with(".jar") || path.ends_with(".war") || path.ends_with(".ear") || path.ends_with(".par") ||
         path == "gradle.lockfile" || path.ends_with("/gradle.lockfile") || path == "pom.xml" ||
         (path.ends_with("/pom.xml") && !path.starts_with("META-INF/"));
}

Result<ParsedPackages> JavaCataloger::Parse(std::string_view path, std::string_view bytes) const {
  if (path == "gradle.lockfile" || path.ends_with("/gradle.lockfile")) {
    auto parsed = ParseGradleLockfile(bytes);
    if (!parsed) return std::unexpected(parsed.error());
    parsed->packages.SetPaths(path);
    return parsed;
  }
  if (path == "pom.xml" || path.ends_with("/pom.xml")) {
    auto parsed = ParsePomXml(bytes);
    if (!parsed) return std::unexpected(parsed.error());
    parsed->packages.SetPaths(path);
    return parsed;
  }
  return ParseJar(path, bytes);
}

}  // namespace drydock
