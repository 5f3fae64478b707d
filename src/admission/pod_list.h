// `kubectl get pods -A -o json` (a v1 List of Pods): which image digest runs in which workload. Pure: bytes in,
// values out. The digest is the one the kubelet reports (status.containerStatuses[].imageID, the registry's
// manifest digest), else a digest pinned in the spec's image; a container with neither (not started yet, or
// an image ID that is only a local config digest) is counted as unresolved, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock::admission {

inline constexpr std::size_t kMaxPodListBytes = 64 << 20;
inline constexpr std::size_t kMaxPodListItems = 100000;

struct RunningImage {
  std::string namespace_name;
  std::string kind;  // the pod's controller: Deployment (its ReplicaSet's owner), StatefulSet, Job, ...; else Pod
  std::string name;
  std::string image;   // as the spec wrote it
  std::string digest;  // "sha256:<hex>"
};

struct PodListing {
  std::size_t pods = 0;
  std::vector<RunningImage> images;  // one per (workload, container image), deduplicated
  std::size_t unresolved = 0;        // containers whose digest is not known
};

// Errors (kInvalidInput): over kMaxPodListBytes or nested too deep, not JSON, not a List/PodList with items.
Result<PodListing> ParsePodList(std::string_view text);

// "docker-pullable://repo@sha256:<hex>", "repo@sha256:<hex>" -> "sha256:<hex>"; "" when there is no manifest
// digest (a bare "sha256:" image ID is the config's digest, which names no manifest).
std::string DigestOfImageId(std::string_view image_id);

}  // namespace drydock::admission
