// Java catalogers: archives (.jar/.war/.ear/.par, nested ones included) read through libarchive, with
// META-INF/maven/**/pom.properties as the authority and META-INF/MANIFEST.MF as the fallback; and
// gradle.lockfile. Packages use ecosystem "maven", the name "groupId:artifactId" and the version as written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// An archive nested deeper than this (a jar in a jar in a war ...) is not opened; real ones nest 2-3 deep.
inline constexpr int kMaxJarNestingDepth = 4;
// Bytes inflated across one top-level archive and everything nested in it: stops a zip bomb.
inline constexpr std::uint64_t kMaxJarInflatedBytes = 512ULL << 20;
// A single member read into memory (a manifest, pom.properties, or a nested archive).
inline constexpr std::size_t kMaxJarMemberBytes = 64 << 20;
inline constexpr std::size_t kMaxGradleLockfileBytes = 16 << 20;
inline constexpr std::size_t kMaxPomXmlBytes = 16 << 20;

// The main section of a JAR manifest: "Name: value" lines, continuation lines beginning with one space,
// CRLF or LF. Later duplicates are ignored; a line without ": " is skipped.
std::map<std::string, std::string, std::less<>> ParseManifest(std::string_view text);

// The packages in one archive and, up to kMaxJarNestingDepth, in the archives inside it. Each package's
// path is the archive path joined with the members leading to it ("app.war!WEB-INF/lib/a.jar").
// An archive that is not a zip is an Error; a nested one that fails is listed in `skipped`.
Result<ParsedPackages> ParseJar(std::string_view path, std::string_view bytes);

// gradle.lockfile: "group:artifact:version=configurations" lines; comments and "empty=" skipped.
Result<ParsedPackages> ParseGradleLockfile(std::string_view bytes);

// pom.xml on its own (see pom_xml.cc): non-test <dependencies>, versions from the dependency or this file's
// <dependencyManagement>, ${...} from <properties> and the project's coordinates.
Result<ParsedPackages> ParsePomXml(std::string_view bytes);

// sbt's lockfile (sbt-dependency-lock: build.sbt.lock, JSON): each dependency's "org:name" and version; one only
// the "test" configuration uses is marked dev.
Result<ParsedPackages> ParseSbtLock(std::string_view bytes);
bool IsSbtLock(std::string_view path);

class JavaCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "java"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
