// Bindings: which paths the Go catalogers read, and the packages they make of what the parsers return.
#include <string_view>

#include "catalog/binary/elf_section.h"
#include "catalog/golang/golang.h"

namespace drydock {
namespace {

// Executables are found by path: the layer walk captures by name, and capturing every file to sniff ELF
// magic would hold whole layers in memory. These are where images put their own binaries; the distro's
// bin directories (usr/bin, bin, sbin, usr/sbin) are left out, since the OS package manager owns what is
// there and a Debian usr/bin alone is tens of MB.
bool InBinDirectory(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view dir = path.substr(0, slash);
  if (dir == "usr/bin" || dir == "bin" || dir == "sbin" || dir == "usr/sbin") return false;
  return dir == "usr/local/bin" || dir == "usr/local/sbin" || dir.ends_with("/bin") || dir.ends_with("/sbin") ||
         dir == "app" || dir.starts_with("opt/") || dir == "ko-app";
}

Package GoPackage(std::string name, std::string version, std::string_view path) {
  Package p;
  p.name = std::move(name);
  p.version = std::move(version);
  p.ecosystem = "golang";
  p.path = std::string(path);
  return p;
}

}  // namespace

bool GoModCataloger::Required(std::string_view path) const {
  return path == "go.mod" || path.ends_with("/go.mod");
}

Result<ParsedPackages> GoModCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseGoMod(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

bool GoBinaryCataloger::Required(std::string_view path) const { return InBinDirectory(path); }

Result<ParsedPackages> GoBinaryCataloger::Parse(std::string_view path, std::string_view bytes) const {
  ParsedPackages out;
  // Scripts, non-Go ELF files and other languages' binaries are simply not Go: no packages, no error.
  if (!IsElf(bytes)) return out;
  auto section = FindElfSection(bytes, ".go.buildinfo");
  if (!section) return std::unexpected(section.error());
  if (!*section) return out;
  auto info = ReadGoBuildInfo(bytes);
  if (!info) return std::unexpected(info.error());
  if (std::string stdlib = GoToolchainSemver(info->go_version); !stdlib.empty()) {
    out.packages.push_back(GoPackage("stdlib", std::move(stdlib), path));
  } else if (!info->go_version.empty()) {
    out.skipped.push_back("Go toolchain version " + info->go_version + " is not a release: stdlib not reported");
  }
  // "(devel)" is a main module built from a checkout: there is no release to match it against.
  if (!info->main.path.empty() && info->main.version != "(devel)" && !info->main.version.empty()) {
    out.packages.push_back(GoPackage(info->main.path, info->main.version, path));
  }
  for (GoModule& dep : info->deps) {
    if (dep.version == "(devel)") continue;  // replaced by a local directory
    out.packages.push_back(GoPackage(std::move(dep.path), std::move(dep.version), path));
  }
  return out;
}

}  // namespace drydock
