#include "admission/pod_list.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <tuple>

#include "common/bounded_json.h"

namespace drydock::admission {
namespace {

using nlohmann::json;

bool IsSha256(std::string_view digest) {
  return digest.size() == 71 && digest.starts_with("sha256:") &&
         digest.substr(7).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

const json& Member(const json& node, const char* key) {
  static const json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}

// The workload that owns a pod. A ReplicaSet made by a Deployment is named "<deployment>-<pod-template-hash>",
// and the pod carries that hash as a label: the Deployment is what the admission webhook saw, so name it.
std::pair<std::string, std::string> Workload(const json& metadata) {
  const json& owners = Member(metadata, "ownerReferences");
  if (owners.is_array()) {
    for (const json& owner : owners) {
      if (!owner.is_object() || !Member(owner, "controller").is_boolean() || !owner["controller"].get<bool>()) continue;
      std::string kind = JsonString(owner, "kind"), name = JsonString(owner, "name");
      const std::string hash = JsonString(Member(metadata, "labels"), "pod-template-hash");
      if (kind == "ReplicaSet" && !hash.empty() && name.size() > hash.size() + 1 && name.ends_with("-" + hash)) {
        return {"Deployment", name.substr(0, name.size() - hash.size() - 1)};
      }
      if (!kind.empty() && !name.empty()) return {kind, name};
    }
  }
  return {"Pod", JsonString(metadata, "name")};
}

}  // namespace

std::string DigestOfImageId(std::string_view image_id) {
  std::size_t at = image_id.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string_view digest = image_id.substr(at + 1);
  return IsSha256(digest) ? std::string(digest) : "";
}

Result<PodListing> ParsePodList(std::string_view text) {
  auto doc = ParseBoundedJson(text, "pod list", kMaxPodListBytes, 64);
  if (!doc) return FailWith(ErrorCode::kInvalidInput, "{}", doc.error().message);
  const std::string kind = JsonString(*doc, "kind");
  if (kind != "List" && kind != "PodList") {
    return FailWith(ErrorCode::kInvalidInput, "expected `kubectl get pods -A -o json` (kind List), not kind \"{}\"", kind);
  }
  const json& items = Member(*doc, "items");
  if (!items.is_array()) return FailWith(ErrorCode::kInvalidInput, "pod list has no items array");
  if (items.size() > kMaxPodListItems) {
    return FailWith(ErrorCode::kInvalidInput, "pod list has {} items (at most {})", items.size(), kMaxPodListItems);
  }
  PodListing out;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;  // namespace, kind, name, digest
  for (const json& pod : items) {
    if (JsonString(pod, "kind") != "Pod" && !JsonString(pod, "kind").empty()) continue;  // a mixed List
    const json& metadata = Member(pod, "metadata");
    if (!metadata.is_object()) return FailWith(ErrorCode::kInvalidInput, "pod {} has no metadata", out.pods);
    ++out.pods;
    const auto [workload_kind, workload_name] = Workload(metadata);
    const std::string namespace_name = JsonString(metadata, "namespace");
    // The kubelet's imageID per container name: what actually runs.
    std::map<std::string, std::string> image_ids;
    for (const char* field : {"initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"}) {
      const json& statuses = Member(Member(pod, "status"), field);
      if (!statuses.is_array()) continue;
      for (const json& status : statuses) image_ids[JsonString(status, "name")] = JsonString(status, "imageID");
    }
    for (const char* field : {"initContainers", "containers", "ephemeralContainers"}) {
      const json& containers = Member(Member(pod, "spec"), field);
      if (!containers.is_array()) continue;
      for (const json& container : containers) {
        const std::string image = JsonString(container, "image");
        std::string digest = DigestOfImageId(image_ids[JsonString(container, "name")]);
        if (digest.empty()) digest = DigestOfImageId(image);
        if (digest.empty()) {
          ++out.unresolved;
          continue;
        }
        if (!seen.emplace(namespace_name, workload_kind, workload_name, digest).second) continue;
        out.images.push_back({namespace_name, workload_kind, workload_name, image, digest});
      }
    }
  }
  return out;
}

}  // namespace drydock::admission
