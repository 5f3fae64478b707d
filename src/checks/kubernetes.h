// Kubernetes manifests (multi-document YAML) checked for least privilege (DD-K8S-*).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

inline constexpr std::size_t kMaxManifestBytes = 4 << 20;
inline constexpr std::size_t kMaxManifestNesting = 64;     // flow brackets and indentation levels
inline constexpr std::size_t kMaxManifestDocuments = 1000;

// Every Pod-bearing document (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet) is checked;
// other kinds are skipped. Malformed or too-deep YAML is an Error.
Result<std::vector<Misconfiguration>> CheckKubernetesManifests(std::string_view yaml, const std::string& path);

// True when the text looks like a Kubernetes manifest (has apiVersion: and kind:).
bool LooksLikeKubernetes(std::string_view text);

}  // namespace drydock
