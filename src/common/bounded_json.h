// The one way untrusted JSON is read: a size limit and a nesting limit, both checked before nlohmann sees a
// byte. nlohmann's parser is iterative, but each level costs it a heap node and callers walk the tree
// recursively (ChooseEntry, CycloneDX components, VEX statements), so a "[[[[..." bomb 1e6 deep crashed them;
// the depth scan below allocates nothing and runs in one pass.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// Real documents nest 5-10 levels (OCI indexes 4, CycloneDX components ~10, package-lock v1 ~20).
inline constexpr std::size_t kMaxJsonNestingDepth = 128;

// The string at object[key], or "" when `object` is not an object or the member is missing or not a string.
std::string JsonString(const nlohmann::json& object, const char* key);

// True when `json` nests arrays/objects deeper than `max_depth`, counting brackets outside strings.
bool JsonTooDeep(std::string_view json, std::size_t max_depth);

// Parses `bytes` as one JSON document. `what` names it in messages ("OCI index.json"). Error when over
// `max_bytes`, nested deeper than `max_depth`, or not JSON (including invalid UTF-8 in a string, or empty):
// "what:LINE: invalid JSON: ...". Never throws.
Result<nlohmann::json> ParseBoundedJson(std::string_view bytes, std::string_view what, std::size_t max_bytes,
                                        std::size_t max_depth = kMaxJsonNestingDepth);

// The same for CBOR (the caches' own encoding, read back from disk where anything may have written it). nlohmann's
// CBOR reader recurses once per level, so a "\x81\x81\x81..." run overflowed the stack (found by libFuzzer); the
// reader is stopped at the first container deeper than `max_depth`. Never throws.
Result<nlohmann::json> ParseBoundedCbor(std::string_view bytes, std::string_view what,
                                        std::size_t max_depth = kMaxJsonNestingDepth);

// The same checks, for a document whose top level is an object too large to hold as one tree (the Debian
// tracker's 500 MB {package: {...}}: 6.4 GB as a DOM): `each` receives each member as soon as it is parsed and
// the member is then dropped, so memory is one member's tree. Error when the top level is not an object.
Status ForEachJsonMember(std::string_view bytes, std::string_view what, std::size_t max_bytes,
                         std::size_t max_depth,
                         const std::function<void(const std::string& key, nlohmann::json& value)>& each);
// The same over a file read as it is parsed, so not even the file's bytes are held (a 500 MB tracker). The depth
// is checked while parsing; errors name the byte offset instead of the line.
Status ForEachJsonMemberInFile(const std::string& path, std::string_view what, std::size_t max_bytes,
                               std::size_t max_depth,
                               const std::function<void(const std::string& key, nlohmann::json& value)>& each);

}  // namespace drydock
