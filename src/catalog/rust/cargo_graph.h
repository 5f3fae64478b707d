// The dependency graph of a Cargo.lock, and which crates only a manifest's dev-dependencies reach (private to
// catalog/rust).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxCargoManifestBytes = 1 << 20;

struct CargoCrate {
  std::string name;
  std::string version;
  bool local = false;                     // no `source`: the project's own crate, a workspace member or path dep
  std::vector<std::string> dependencies;  // as the lockfile writes them: "name", "name version [(source)]"
};

// Per crate, true when it is reached only from the [dev-dependencies] (and target-specific ones) of the local
// crate `manifest` (Cargo.toml text) describes. Other local crates' dependencies count as runtime, since their
// manifests are not read. Error when the manifest is not TOML or over kMaxCargoManifestBytes.
Result<std::vector<bool>> MarkCargoDevCrates(const std::vector<CargoCrate>& crates, std::string_view manifest);

}  // namespace drydock
