// The version a base image's tag carries, so "newer in the same flavour family" can be told by version, not by
// string: `12.4-slim` -> prefix "", numbers {12, 4}, variant "-slim"; `v3.19` -> "v", {3, 19}, "";
// `3.12.1-alpine3.19` -> "", {3, 12, 1}, "-alpine3.19". Tags without a leading number (latest, bookworm) have
// no version.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drydock::baseimage {

struct TagVersion {
  std::string prefix;                  // before the first digit: "" or "v"
  std::vector<std::uint64_t> numbers;  // the dotted numbers
  std::string variant;                 // everything after them: "", "-slim", "-alpine3.19"
};

inline constexpr std::size_t kMaxTagNumbers = 8;

// None for a tag with no version, with a prefix other than "" or "v", or with absurd numbers.
std::optional<TagVersion> ParseTagVersion(std::string_view tag);

// Same family: same prefix, variant and count of numbers (`12.4-slim` and `12.8-slim`; not `12-slim`).
bool SameFamily(const TagVersion& a, const TagVersion& b);
// Same version, another variant (`12.4` and `12.4-slim`).
bool SameVersion(const TagVersion& a, const TagVersion& b);
// Numeric order of the numbers (2 < 10), the rest ignored.
std::strong_ordering CompareNumbers(const TagVersion& a, const TagVersion& b);

}  // namespace drydock::baseimage
