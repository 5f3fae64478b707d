// Kubernetes admission.k8s.io/v1 AdmissionReview, as the API server POSTs it to a validating webhook: parsed into
// the workload's images (pure: bytes in, values out), and answered with a response review (bytes out).
// The HTTPS endpoint that serves this belongs to `drydock server`; this library does no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock::admission {

// The API server sends at most ~3 MiB (its request limit); anything larger is refused before parsing.
inline constexpr std::size_t kMaxReviewBytes = 3 << 20;
inline constexpr std::size_t kMaxContainers = 256;
inline constexpr std::size_t kMaxReviewDepth = 64;  // real reviews nest ~12 levels (CronJob pod specs the most)  // per workload, all kinds together

struct ContainerImage {
  std::string container;  // the container's name
  std::string role;       // "container", "initContainer" or "ephemeralContainer"
  std::string image;      // as written: "nginx:1.27", "ghcr.io/o/app@sha256:..."
};

struct AdmissionRequest {
  std::string uid;                      // echoed in the response, as the API server requires
  std::string kind;                     // "Pod", "Deployment", "CronJob", ...
  std::string namespace_name, name;     // name may be empty (generateName)
  std::string operation;                // CREATE, UPDATE, ...
  bool dry_run = false;                 // nothing will run: judge, but record and queue nothing
  bool controlled = false;              // made by a controller (an ownerReference with controller: true): a
                                        // Deployment's ReplicaSet and pods, a CronJob's Jobs
  std::vector<ContainerImage> images;   // every container of the pod template, in spec order
};

// Errors mean "answer HTTP 400": not JSON, not an admission.k8s.io/v1 AdmissionReview, no request or uid, an
// object of a kind that has no pod spec, or more than the limits allow.
Result<AdmissionRequest> ParseAdmissionReview(std::string_view body);

// The kinds whose pods this webhook judges, with where their pod spec lives.
struct WorkloadKind {
  std::string_view kind;
  std::vector<std::string_view> pod_spec_path;  // {"spec", "template", "spec"}
};
const std::vector<WorkloadKind>& WorkloadKinds();

}  // namespace drydock::admission
