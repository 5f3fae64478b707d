#include "monitor/match_keys.h"

#include <algorithm>

#include "match/matcher.h"

namespace drydock {

std::vector<MatchKey> MatchKeysOf(const ScanReport& report) {
  std::vector<MatchKey> keys;
  // The matcher itself decides what to look up (source names, module streams, normalised language names);
  // asking it, with a look-up that records and answers nothing, keeps this in step with it by construction.
  MatchPackages(report.packages, report.artifact.os, [&](std::string_view ecosystem, std::string_view name) {
    keys.push_back({std::string(ecosystem), std::string(name)});
    return std::vector<Advisory>();
  });
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace drydock
