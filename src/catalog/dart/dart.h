// Dart: pubspec.lock (pub's lockfile, YAML). Packages use ecosystem "pub" (OSV "Pub"), names as pub writes them.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxPubspecLockBytes = 16 << 20;

// Each entry of `packages` with a version. "sdk" packages (flutter, flutter_test: parts of the Flutter SDK,
// versioned "0.0.0") and "path" packages (the project's own directories) are not pub.dev packages and are
// left out; "git" packages are kept. `dependency: "direct dev"` marks dev; pub does not record which
// transitive packages only dev dependencies need, so those count as runtime (as Trivy counts them).
Result<ParsedPackages> ParsePubspecLock(std::string_view bytes);

bool IsPubspecLock(std::string_view path);

}  // namespace drydock
