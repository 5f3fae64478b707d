// Whether one Affected entry holds an installed version, and the evidence for it. Internal to src/match.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "drydock/advisory.h"
#include "match/version.h"

namespace drydock {

// Why a version is affected. Kinds are ranked: when several ranges hold, the strongest decides the
// reported fix, because upgrading past a weaker one still leaves the package inside the stronger one.
struct AffectedHit {
  enum class Kind {
    kListed,  // only in Affected::versions; says nothing about a fix
    kFixed,   // inside introduced <= v < fixed
    kNoFix,   // inside a range with last_affected or no upper bound: no fixed version to offer
  };
  Kind kind = Kind::kListed;
  std::string fixed;      // the fix to report; empty unless kind == kFixed
  std::string statement;  // the comparison that held: "1.1.22-r2 < 1.1.22-r3 (fixed)"
};

// The strongest evidence that `affected` holds `version` under `scheme` (SEMVER ranges use SemverScheme()),
// or nullopt when none does. Listed `versions` count only when no range holds, and compare by `scheme`.
// Among holding ranges: any range without a fix wins; otherwise the one with the highest fix.
std::optional<AffectedHit> FindAffectedHit(const Affected& affected, std::string_view version,
                                           const VersionScheme& scheme);

// True when `candidate` is stronger evidence than `current` by the rule above.
bool IsStrongerHit(const AffectedHit& candidate, const AffectedHit& current, const VersionScheme& scheme);

}  // namespace drydock
