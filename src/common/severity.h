// The severity words every stage shares, worst first. Feeds normalise to these (vulndb/cvss.h); reports sort,
// count and colour by them; policies compare against them.
#pragma once

#include <array>
#include <string_view>

namespace drydock {

inline constexpr std::array<std::string_view, 5> kSeverityOrder = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};

// 0 for CRITICAL .. 4 for UNKNOWN; a word drydock does not know ranks as UNKNOWN. Lower is worse.
constexpr int SeverityRank(std::string_view severity) {
  for (std::size_t i = 0; i + 1 < kSeverityOrder.size(); ++i) {
    if (kSeverityOrder[i] == severity) return static_cast<int>(i);
  }
  return static_cast<int>(kSeverityOrder.size() - 1);
}

// One of CRITICAL, HIGH, MEDIUM, LOW: a word a user may name in a filter or policy.
constexpr bool IsRatedSeverity(std::string_view word) {
  return SeverityRank(word) < static_cast<int>(kSeverityOrder.size() - 1);
}

// The worse of two severities (the first on a tie).
constexpr std::string_view WorseSeverity(std::string_view a, std::string_view b) {
  return SeverityRank(b) < SeverityRank(a) ? b : a;
}

}  // namespace drydock
