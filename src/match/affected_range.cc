#include "match/affected_range.h"

#include <fmt/format.h>

#include <algorithm>

namespace drydock {
namespace {

// OSV writes "0" for "since the first version". Compared literally it would let versions that sort below
// "0" (an empty or otherwise invalid version string) escape every range.
bool IsUnbounded(std::string_view introduced) { return introduced.empty() || introduced == "0"; }

std::string LowerBoundText(const AffectedRange& range) {
  return IsUnbounded(range.introduced) ? "" : fmt::format("{} <= ", range.introduced);
}

// OSV: a range with "limit" events holds only versions below one of them ("*" lifts the limit).
bool BelowLimits(const AffectedRange& range, std::string_view version, const VersionScheme& scheme) {
  if (range.limits.empty()) return true;
  return std::any_of(range.limits.begin(), range.limits.end(), [&](const std::string& limit) {
    return limit == "*" || scheme.Compare(version, limit) < 0;
  });
}

std::optional<AffectedHit> RangeHit(const AffectedRange& range, std::string_view version,
                                    const VersionScheme& ecosystem_scheme) {
  // OSV "SEMVER" ranges are SemVer 2.0 whatever the ecosystem's own order is.
  const VersionScheme& scheme = range.type == "SEMVER" ? SemverScheme() : ecosystem_scheme;
  if (!BelowLimits(range, version, scheme)) return std::nullopt;
  if (!IsUnbounded(range.introduced) && scheme.Compare(range.introduced, version) > 0) return std::nullopt;
  if (!range.fixed.empty() && scheme.Compare(version, range.fixed) < 0) {
    return AffectedHit{AffectedHit::Kind::kFixed, range.fixed,
                       fmt::format("{}{} < {} (fixed)", LowerBoundText(range), version, range.fixed)};
  }
  if (!range.last_affected.empty() && scheme.Compare(version, range.last_affected) <= 0) {
    return AffectedHit{AffectedHit::Kind::kNoFix, "",
                       fmt::format("{}{} <= {} (last affected, no fix)", LowerBoundText(range), version,
                                   range.last_affected)};
  }
  if (range.fixed.empty() && range.last_affected.empty()) {
    const std::string_view since = IsUnbounded(range.introduced) ? "0" : std::string_view(range.introduced);
    return AffectedHit{AffectedHit::Kind::kNoFix, "", fmt::format("{} >= {} (no fix)", version, since)};
  }
  return std::nullopt;
}

}  // namespace

bool IsStrongerHit(const AffectedHit& candidate, const AffectedHit& current, const VersionScheme& scheme) {
  if (candidate.kind != current.kind) return candidate.kind > current.kind;
  return candidate.kind == AffectedHit::Kind::kFixed && scheme.Compare(candidate.fixed, current.fixed) > 0;
}

std::optional<AffectedHit> FindAffectedHit(const Affected& affected, std::string_view version,
                                           const VersionScheme& scheme) {
  std::optional<AffectedHit> best;
  for (const AffectedRange& range : affected.ranges) {
    std::optional<AffectedHit> hit = RangeHit(range, version, scheme);
    if (hit && (!best || IsStrongerHit(*hit, *best, scheme))) best = std::move(hit);
  }
  if (best) return best;
  const bool listed = std::any_of(affected.versions.begin(), affected.versions.end(),
                                  [&](const std::string& v) { return scheme.Compare(v, version) == 0; });
  if (!listed) return std::nullopt;
  return AffectedHit{AffectedHit::Kind::kListed, "", fmt::format("{} listed as affected", version)};
}

}  // namespace drydock
