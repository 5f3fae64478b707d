// The check tables. Ids are stable: policies and ignore files name them.
#include <algorithm>

#include "checks/checks.h"

namespace drydock {
namespace {

constexpr CheckInfo kImage[] = {
    {"DD-IMG-001", "HIGH", "Image runs as root (no USER, or USER root/0)"},
    {"DD-IMG-002", "CRITICAL", "Secret in an environment variable value"},
    {"DD-IMG-003", "HIGH", "Secret in a history command (visible to anyone who pulls the image)"},
    {"DD-IMG-004", "LOW", "Image tagged latest or untagged: the tag does not pin content"},
    {"DD-IMG-005", "MEDIUM", "Image exposes SSH (port 22)"},
    {"DD-IMG-006", "MEDIUM", "ADD from a URL in history: unverified download"},
    {"DD-IMG-007", "HIGH", "Download piped to a shell in history (curl|sh)"},
    {"DD-IMG-008", "LOW", "Package manager cache left in a layer (apt lists/archives, apk cache)"},
    {"DD-IMG-009", "MEDIUM", "setuid/setgid file added above the base layer"},
};

constexpr CheckInfo kDockerfile[] = {
    {"DD-DF-001", "MEDIUM", "Base image not pinned by digest (FROM image@sha256:...)"},
    {"DD-DF-002", "LOW", "apt-get install without --no-install-recommends"},
    {"DD-DF-003", "HIGH", "Last USER is root, or no USER: the container runs as root"},
    {"DD-DF-004", "LOW", "Base image tagged latest or untagged"},
    {"DD-DF-005", "MEDIUM", "EXPOSE 22 (SSH)"},
    {"DD-DF-006", "MEDIUM", "ADD from a URL: unverified download"},
    {"DD-DF-007", "HIGH", "Download piped to a shell (curl|sh)"},
    {"DD-DF-008", "CRITICAL", "Secret in ENV or ARG"},
    {"DD-DF-009", "LOW", "apt-get install without removing /var/lib/apt/lists in the same RUN"},
};

constexpr CheckInfo kKubernetes[] = {
    {"DD-K8S-001", "CRITICAL", "Container is privileged"},
    {"DD-K8S-002", "HIGH", "allowPrivilegeEscalation is not false"},
    {"DD-K8S-003", "MEDIUM", "runAsNonRoot is not true"},
    {"DD-K8S-004", "HIGH", "Capabilities added (capabilities.add)"},
    {"DD-K8S-005", "LOW", "Capabilities not dropped (capabilities.drop lacks ALL)"},
    {"DD-K8S-006", "HIGH", "hostPath volume"},
    {"DD-K8S-007", "HIGH", "hostNetwork: true"},
    {"DD-K8S-008", "HIGH", "hostPID or hostIPC: true"},
    {"DD-K8S-009", "LOW", "readOnlyRootFilesystem is not true"},
    {"DD-K8S-010", "LOW", "No CPU/memory limits"},
    {"DD-K8S-011", "MEDIUM", "Image not pinned by digest"},
};

}  // namespace

std::span<const CheckInfo> ImageChecks() { return kImage; }
std::span<const CheckInfo> DockerfileChecks() { return kDockerfile; }
std::span<const CheckInfo> KubernetesChecks() { return kKubernetes; }

const CheckInfo* FindCheck(std::string_view id) {
  for (auto table : {ImageChecks(), DockerfileChecks(), KubernetesChecks()}) {
    auto it = std::find_if(table.begin(), table.end(), [&](const CheckInfo& c) { return c.id == id; });
    if (it != table.end()) return &*it;
  }
  return nullptr;
}

Misconfiguration Failed(std::string_view id, std::string evidence, std::string path, std::size_t line) {
  const CheckInfo* info = FindCheck(id);
  return Misconfiguration{.id = std::string(id),
                          .severity = info ? std::string(info->severity) : "UNKNOWN",
                          .title = info ? std::string(info->doc) : "",
                          .evidence = std::move(evidence),
                          .path = std::move(path),
                          .line = line};
}

}  // namespace drydock
