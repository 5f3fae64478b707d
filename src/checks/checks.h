// Built-in configuration checks: image config (DD-IMG-*), Dockerfiles (DD-DF-*), Kubernetes manifests (DD-K8S-*).
// Each check is a row in an explicit table (id, severity, one-line doc); `drydock config --list` prints them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"

namespace drydock {

struct CheckInfo {
  std::string_view id;
  std::string_view severity;
  std::string_view doc;
};

std::span<const CheckInfo> ImageChecks();
std::span<const CheckInfo> DockerfileChecks();
std::span<const CheckInfo> KubernetesChecks();
const CheckInfo* FindCheck(std::string_view id);  // nullptr when unknown

// A failed check with its table row filled in.
Misconfiguration Failed(std::string_view id, std::string evidence, std::string path = "", std::size_t line = 0);

// What the layer walk saw that the image checks need (filled by the scanner's file observer).
struct LayerObservations {
  std::string diff_id;
  std::vector<std::string> setuid_files;         // regular files with mode 04000 or 02000
  std::vector<std::string> package_cache_files;  // apt lists, apt archives, apk cache
};

struct ImageCheckInput {
  std::string name;  // reference or archive tag ("docker.io/x/app:latest")
  ImageConfigFacts config;
  std::vector<std::string> env;      // raw NAME=value
  std::vector<std::string> history;  // created_by of every step
  std::vector<LayerObservations> layers;  // base first
};

std::vector<Misconfiguration> CheckImage(const ImageCheckInput& input);

// True when a shell command pipes a download into a shell (curl ... | sh, wget -O- ... | bash).
bool PipesDownloadToShell(std::string_view command);

}  // namespace drydock
