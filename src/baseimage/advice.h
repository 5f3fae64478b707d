// Base-image advice: which rebuild fixes what. Pure: the caller says what the image's base layers hold, what the
// index knows about the base's repository, and how to get the findings of another base (a fresh scan in the
// CLI; a stored scan in a server), and gets the options back. No I/O of its own.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "baseimage/base_index.h"
#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock::baseimage {

inline constexpr std::size_t kMaxUpdateOptions = 3;  // newest versions of the family offered
inline constexpr std::size_t kMaxAdviceScans = 8;    // bases scanned for one image's advice, at most

// What a base holds, for comparing: (advisory id, package name) -> severity, and its distro's support status.
struct BaseFindings {
  std::map<std::pair<std::string, std::string>, std::string> findings;
  std::string os;                // "debian 12"
  std::string end_of_life_date;  // "" = unknown
  bool end_of_life = false;
};

// The findings of the base image `entry` names (repository@digest, platform), or why they cannot be had.
using BaseFindingsSource = std::function<Result<BaseFindings>(const IndexEntry& entry)>;

struct AdviceInput {
  const BaseImageInfo* base = nullptr;  // as identified (name, tag, digest, size_bytes)
  BaseFindings current;                 // the findings of the image's base layers
  std::string platform;                 // "linux/amd64": only entries of this platform are offered
  std::vector<IndexEntry> repository;   // BaseIndex::CurrentTags(base->name)
};

// "refresh": the base's tag (and every candidate tag of the same digest) now names another digest.
// "update": the kMaxUpdateOptions newest tags of the same family with a higher version, newest first.
// "smaller": the same version in another variant whose layers are smaller than the base's, smallest first.
// A candidate that cannot be scanned is offered with its error and no counts. Nothing to offer is an empty list.
std::vector<BaseAdviceOption> Advise(const AdviceInput& input, const BaseFindingsSource& scan);

}  // namespace drydock::baseimage
