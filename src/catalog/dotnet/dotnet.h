// .NET catalogers: *.deps.json (what a built application loads), packages.lock.json (NuGet's lockfile) and
// packages.config (legacy NuGet). Packages use ecosystem "nuget", the package id as written and the version.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxNugetFileBytes = 16 << 20;

// *.deps.json: each "libraries" key "Name/Version" of type "package"; "project" entries (the application
// and its own projects) are not NuGet packages and are left out.
Result<ParsedPackages> ParseDotnetDeps(std::string_view bytes);

// packages.lock.json: every "resolved" version under each target framework (deduplicated); "Project"
// references are left out.
Result<ParsedPackages> ParseNugetLock(std::string_view bytes);

// packages.config: <packages><package id=".." version=".."/></packages>.
Result<ParsedPackages> ParseNugetConfig(std::string_view bytes);

// Directory.Packages.props / Packages.props: each <PackageVersion>, <PackageReference> or
// <GlobalPackageReference> in a <Project>'s <ItemGroup>s, named by Include (or Update) with an exact Version.
// Items whose name or version is an MSBuild property ("$(Version)") or a range are listed as skipped.
Result<ParsedPackages> ParsePackagesProps(std::string_view bytes);
bool IsPackagesProps(std::string_view path);

class DotnetCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "dotnet"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
