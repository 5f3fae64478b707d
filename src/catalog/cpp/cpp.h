// C/C++: conan.lock (Conan's lockfile, JSON; 1.x "graph_lock" and 2.x "requires" forms). Packages use ecosystem
// "conan" (OSV "ConanCenter").
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxConanLockBytes = 32 << 20;

// Conan 2 ("version": "0.5"): every reference in `requires`; those in `build_requires` and `python_requires`
// are marked dev (build tools, not linked into the product). Conan 1 ("graph_lock"): every node's `ref` (or
// older `pref`) except the root (the node with a `path`: the project's own conanfile); a node only other nodes'
// `build_requires` name is dev. References are "name/version[@user/channel][#revision][:package_id]".
Result<ParsedPackages> ParseConanLock(std::string_view bytes);

bool IsConanLock(std::string_view path);

}  // namespace drydock
