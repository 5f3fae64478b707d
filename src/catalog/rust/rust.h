// Rust catalogers: Cargo.lock (every package the lockfile pins) and cargo-auditable executables (the
// dependency list cargo-auditable embeds as zlib-compressed JSON in the ELF section .dep-v0). Packages use
// ecosystem "cargo" and the crate name and version as Cargo writes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxCargoLockBytes = 16 << 20;
// cargo-auditable's JSON for a few hundred crates is tens of KB; inflating stops here (a zlib bomb).
inline constexpr std::size_t kMaxAuditableJsonBytes = 8 << 20;

// Parses Cargo.lock (TOML, lockfile versions 1-4): each [[package]] with a name, a version and a `source`
// (crates without one are the project's own: root, workspace members, path dependencies, and are left out).
// With `manifest` (the Cargo.toml beside it) crates only its [dev-dependencies] reach are marked dev. Entries
// without a name or version are skipped and listed; a file that is not TOML is an Error.
Result<ParsedPackages> ParseCargoLock(std::string_view bytes, std::optional<std::string_view> manifest = std::nullopt);

// Decodes a .dep-v0 section: zlib-compressed JSON {"packages": [{"name", "version", "source", "kind",
// "root"}, ...]}. Packages of kind "build" (build-time only) are reported too: they ran on the build host,
// but advisories against them may still matter; the root package is reported like any other.
Result<ParsedPackages> ParseCargoAuditable(std::string_view compressed);

// Reads Cargo.lock, and the Cargo.toml beside it for dev-dependencies.
class CargoLockCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "cargo-lock"; }
  std::string_view Version() const override { return "2"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
  Result<ParsedPackages> ParseWithFiles(std::string_view path, std::string_view bytes,
                                        const FileReader& read) const override;
  bool ParsesAlone(std::string_view path) const override;
};

// Reads the executables the Go binary cataloger reads (same bin directories), keeping those with .dep-v0.
class CargoAuditableCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "cargo-auditable"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
