// Go catalogers: go.mod (declared dependencies) and Go executables (the build info the linker embeds).
// Packages use ecosystem "golang", the module path as name and the version as Go writes it ("v1.2.3");
// the Go toolchain that built a binary is the package "stdlib" with a semver version ("v1.21.3"), which is
// how Go's own advisories (vuln.go.dev) name the standard library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxGoModBytes = 8 << 20;

// Parses go.mod: `require` lines and blocks, and `replace` (with or without a version on the left) applied
// to them, as `go` resolves them: a module replaced by another module is reported as the replacement (the
// code actually built); one replaced by a local directory ("./xerrors") is not reported, since no released
// version of it is built. The main module itself is not a dependency. Malformed lines are skipped and
// listed.
Result<ParsedPackages> ParseGoMod(std::string_view bytes);

// One module from a binary's build info.
struct GoModule {
  std::string path;
  std::string version;
};

// The build info of a Go executable: the toolchain ("go1.21.3"), the main module, and the dependencies
// with replacements already applied.
struct GoBuildInfo {
  std::string go_version;
  GoModule main;
  std::vector<GoModule> deps;
};

// Decodes the text form Go's runtime/debug.BuildInfo writes ("path\t...", "mod\t...", "dep\t...", "=>\t...").
Result<GoBuildInfo> ParseGoModInfo(std::string_view go_version, std::string_view modinfo);

// Reads the build info of an ELF executable from its .go.buildinfo section (Go >= 1.18 writes the strings
// inline; older binaries point to them, which is followed through the section table). Not a Go binary, or
// truncated/corrupt, is an Error.
Result<GoBuildInfo> ReadGoBuildInfo(std::string_view elf);

// "go1.21.3" -> "v1.21.3", "go1.22rc1" -> "v1.22.0-rc.1", "go1.20" -> "v1.20.0"; "" when not a Go release.
std::string GoToolchainSemver(std::string_view go_version);

class GoModCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "gomod"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

class GoBinaryCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "gobinary"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
