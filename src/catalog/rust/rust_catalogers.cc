// Bindings for the Rust catalogers.
#include "catalog/binary/elf_section.h"
#include "catalog/golang/golang.h"
#include "catalog/rust/rust.h"
#include "common/path.h"

namespace drydock {

bool CargoLockCataloger::Required(std::string_view path) const {
  const std::string_view base = PathBaseName(path);
  // Manifests are wanted beside lockfiles; cargo's download cache holds one per crate, which no lockfile
  // beside them needs, so an image with a warm cache does not hold thousands of them.
  if (base == "Cargo.toml") return path.find("cargo/registry/") == std::string_view::npos;
  return base == "Cargo.lock";
}

bool CargoLockCataloger::ParsesAlone(std::string_view path) const { return PathBaseName(path) != "Cargo.lock"; }

Result<ParsedPackages> CargoLockCataloger::Parse(std::string_view path, std::string_view bytes) const {
  return ParseWithFiles(path, bytes, [](std::string_view) { return std::nullopt; });
}

Result<ParsedPackages> CargoLockCataloger::ParseWithFiles(std::string_view path, std::string_view bytes,
                                                          const FileReader& read) const {
  const std::string_view base = PathBaseName(path);
  if (base == "Cargo.toml") return ParsedPackages{};  // declares requirements, not versions; read for Cargo.lock
  const std::optional<std::string> manifest = read(std::string(path.substr(0, path.size() - base.size())) + "Cargo.toml");
  auto parsed = ParseCargoLock(bytes, manifest ? std::optional<std::string_view>(*manifest) : std::nullopt);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

bool CargoAuditableCataloger::Required(std::string_view path) const { return GoBinaryCataloger().Required(path); }

Result<ParsedPackages> CargoAuditableCataloger::Parse(std::string_view path, std::string_view bytes) const {
  if (!IsElf(bytes)) return ParsedPackages{};  // scripts and other files in bin directories
  auto section = FindElfSection(bytes, ".dep-v0");
  if (!section) return std::unexpected(section.error());
  if (!*section) return ParsedPackages{};  // not built with cargo-auditable
  auto parsed = ParseCargoAuditable((*section)->bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
