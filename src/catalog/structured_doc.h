// Bounded JSON and YAML parsing for lockfiles and manifests. Both checks run before the library parser sees
// the bytes: yaml-cpp descends recursively (a "[[[[..." bomb overflows the stack) and a nesting bomb costs
// nlohmann memory per level, so depth is refused up front, by a scan that allocates nothing.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/utf8.h"  // IsValidUtf8, used with these parsers
#include "drydock/error.h"

namespace drydock {

// Real lockfiles nest 5-10 levels (package-lock v1 nests one level per node_modules level, rarely past 20).
inline constexpr std::size_t kMaxDocNestingDepth = 128;
// Indentation columns a YAML lockfile line may start with; pnpm and yarn berry indent at most ~10 columns.
inline constexpr std::size_t kMaxYamlIndentColumns = 512;

// Parses `bytes` as JSON (`what` names the file in messages: "package.json"). Error when over `max_bytes`,
// nested deeper than kMaxDocNestingDepth, not JSON (including invalid UTF-8 in a string), or empty.
Result<nlohmann::json> ParseJsonDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what);

// Parses one YAML document with the same limits (indentation bounded too). Exceptions stop here.
Result<YAML::Node> ParseYamlDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what);

}  // namespace drydock
