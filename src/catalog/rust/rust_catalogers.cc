// Bindings for the Rust catalogers.
#include "catalog/binary/elf_section.h"
#include "catalog/golang/golang.h"
#include "catalog/rust/rust.h"

namespace drydock {

bool CargoLockCataloger::Required(std::string_view path) const {
  return path == "Cargo.lock" || path.ends_with("/Cargo.lock");
}

Result<ParsedPackages> CargoLockCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseCargoLock(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  for (Package& package : parsed->packages) package.path = std::string(path);
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
  for (Package& package : parsed->packages) package.path = std::string(path);
  return parsed;
}

}  // namespace drydock
