// Julia: Manifest.toml (Pkg's lockfile; manifest formats 1.0 and 2.0). Packages use ecosystem "julia" (OSV
// "Julia"), named as the General registry names them.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxJuliaManifestBytes = 16 << 20;

// Format 2.0 keeps entries under [[deps.Name]], 1.0 as top-level [[Name]] arrays. Entries without a version
// are standard libraries (shipped with Julia) and entries with a `path` are developed locally; neither is a
// registry release, so both are left out.
Result<ParsedPackages> ParseJuliaManifest(std::string_view bytes);
bool IsJuliaManifest(std::string_view path);

}  // namespace drydock
