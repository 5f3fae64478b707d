// Elixir/Erlang: mix.lock (Mix's lockfile: an Elixir map literal). Packages use ecosystem "hex" (OSV "Hex").
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxMixLockBytes = 16 << 20;

// %{"app": {:hex, :package, "1.2.3", checksum, managers, deps, repo, checksum}, ...}: each :hex entry gives the
// Hex package name (the second element, which differs from the key for a renamed dependency) and version.
// :git and :path entries name no Hex release and are listed as skipped. A file that is not a map literal, or is
// cut short, is an Error. mix.lock does not say which dependencies are dev-only (mix.exs does).
Result<ParsedPackages> ParseMixLock(std::string_view bytes);

bool IsMixLock(std::string_view path);

}  // namespace drydock
