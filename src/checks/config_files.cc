// `drydock config FILE`: picks Dockerfile or Kubernetes checks by name and content.
#include "checks/config_files.h"

#include "checks/dockerfile.h"
#include "checks/kubernetes.h"
#include "common/file.h"

namespace drydock {

Result<std::vector<Misconfiguration>> CheckConfigFile(const std::string& path) {
  auto text = ReadFileBounded(path, std::max(kMaxDockerfileBytes, kMaxManifestBytes));
  if (!text) return Rewrap(text.error(), "{}", path);
  std::string_view name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  bool yaml = name.ends_with(".yaml") || name.ends_with(".yml") || LooksLikeKubernetes(*text);
  if (yaml && !name.starts_with("Dockerfile")) return CheckKubernetesManifests(*text, path);
  auto parsed = ParseDockerfile(*text);
  if (!parsed) return Rewrap(parsed.error(), "{}", path);
  return CheckDockerfile(*parsed, path);
}

}  // namespace drydock
