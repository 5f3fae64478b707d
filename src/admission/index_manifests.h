// A multi-platform image as admission sees it: a kubelet pulls the index entry for its own node's platform, so
// every entry a linux node could pull is judged, and the image is only as good as its worst entry. Pure: index
// JSON and per-entry verdicts in, values out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "admission/decision.h"
#include "drydock/error.h"

namespace drydock::admission {

// More entries than any real image has (buildx's largest default set is under 20); each is a store look-up
// and perhaps a queued scan, so a hostile index cannot make one review do unbounded work.
inline constexpr std::size_t kMaxJudgedManifests = 32;

struct PlatformManifest {
  std::string platform;  // "linux/arm64/v8"; "" for an entry without a platform, or a single-platform image
  std::string digest;    // the entry's manifest digest: what its scan is stored under
};

// The entries of an image index (OCI or Docker manifest list JSON) that a linux node may pull: os "linux", and
// entries with no platform (containerd matches those on any node). Other OSes and buildx's attestation
// manifests ("unknown/unknown") are left out. Errors: malformed JSON, an entry digest that is not sha256:<64
// hex>, no linux entry at all, more than kMaxJudgedManifests linux entries.
Result<std::vector<PlatformManifest>> LinuxManifests(std::string_view index_json);

struct ManifestVerdict {
  std::string platform;  // as in PlatformManifest
  ImageVerdict verdict;
  bool unknown = false;  // no usable scan of this entry: verdict is the unknown_images answer
};

struct CombinedVerdict {
  ImageVerdict verdict;
  bool unknown = false;  // some entry is unknown and none is denied: not cached, so a finished scan counts
};

// One verdict for the image: denied when any entry is denied (naming each denied platform), else unknown when
// any entry is unknown, else warned when any entry is warned, else allowed. A single entry without a platform
// (an image that is not an index) comes back unchanged; no entries at all is a denial.
CombinedVerdict CombineManifestVerdicts(const std::vector<ManifestVerdict>& entries);

}  // namespace drydock::admission
