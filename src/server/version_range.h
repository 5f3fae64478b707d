// The version ranges of GET /packages?range=: comparisons joined by commas, each judged by the package's own
// ecosystem's version order ("<2.17.1", ">=2.0.0,<2.17.1", "=1.2.3"; a bare version means "=").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

struct VersionBound {
  std::string op;  // "<", "<=", ">", ">=", "="
  std::string version;
};

inline constexpr std::size_t kMaxRangeBounds = 8;

// Errors (kInvalidInput): an empty bound, an empty version, more than kMaxRangeBounds bounds.
Result<std::vector<VersionBound>> ParseVersionRange(std::string_view text);

// True when `version` of a package of `ecosystem` (Package::ecosystem: "npm", "deb", ...) meets every bound.
// A package whose ecosystem has no known version order never matches a non-empty range.
bool InVersionRange(std::string_view ecosystem, std::string_view version, const std::vector<VersionBound>& bounds);

}  // namespace drydock
