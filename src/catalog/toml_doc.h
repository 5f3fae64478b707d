// Bounded TOML parsing for lockfiles (Cargo.lock, uv.lock, poetry.lock, pylock.toml). toml++ builds one
// table per dotted-key part, recursively: a 200,000-part key ("a.a.a...=1") overflowed its stack. The bytes
// are scanned first, allocating nothing, and refused when a key has too many parts or values nest too deep.
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// Real lockfile keys have 1-3 parts ("package.metadata.files"); table headers the same.
inline constexpr std::size_t kMaxTomlKeyParts = 64;
// Arrays and inline tables in lockfiles nest 2-4 levels.
inline constexpr std::size_t kMaxTomlNestingDepth = 64;

// Parses `bytes` as TOML (`what` names the file in messages: "uv.lock"). Error when over `max_bytes`, a key
// or table header has more than kMaxTomlKeyParts parts, brackets nest deeper than kMaxTomlNestingDepth, or
// it is not TOML ("what is not TOML: line N: why"). Never throws.
Result<toml::table> ParseTomlDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what);

}  // namespace drydock
