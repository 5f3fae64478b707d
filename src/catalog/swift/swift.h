// Swift: Package.resolved (Swift Package Manager's lockfile, JSON versions 1-3). Packages use ecosystem "swift"
// (OSV "SwiftURL"), named by their repository URL without scheme or ".git" ("github.com/apple/swift-nio").
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxPackageResolvedBytes = 16 << 20;

// v1 {"object": {"pins": [{"package", "repositoryURL", "state": {"version"}}]}}, v2/v3 {"pins": [{"identity",
// "location", "state": {"version"}}]}. A pin on a branch or bare revision (no version) is listed as skipped:
// advisories name versions, so it cannot be judged.
Result<ParsedPackages> ParsePackageResolved(std::string_view bytes);

bool IsPackageResolved(std::string_view path);

}  // namespace drydock
