#include "admission/review.h"

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"

namespace drydock::admission {
namespace {

using nlohmann::json;

const json* Find(const json& node, std::string_view key) {
  if (!node.is_object()) return nullptr;
  auto it = node.find(key);
  return it == node.end() ? nullptr : &*it;
}

std::string Text(const json& node, std::string_view key) {
  const json* value = Find(node, key);
  return value && value->is_string() ? value->get<std::string>() : "";
}

Status CollectContainers(const json& pod_spec, std::string_view field, std::string_view role,
                         std::vector<ContainerImage>& out) {
  const json* list = Find(pod_spec, field);
  if (!list || list->is_null()) return {};
  if (!list->is_array()) return Fail("{} is not a list", field);
  for (const json& container : *list) {
    if (out.size() >= kMaxContainers) return Fail("more than {} containers", kMaxContainers);
    std::string image = Text(container, "image");
    if (image.empty()) return Fail("a {} has no image", role);
    out.push_back({.container = Text(container, "name"), .role = std::string(role), .image = std::move(image)});
  }
  return {};
}

}  // namespace

const std::vector<WorkloadKind>& WorkloadKinds() {
  static const std::vector<WorkloadKind> kKinds = {
      {"Pod", {"spec"}},
      {"Deployment", {"spec", "template", "spec"}},
      {"StatefulSet", {"spec", "template", "spec"}},
      {"DaemonSet", {"spec", "template", "spec"}},
      {"ReplicaSet", {"spec", "template", "spec"}},
      {"ReplicationController", {"spec", "template", "spec"}},
      {"Job", {"spec", "template", "spec"}},
      {"CronJob", {"spec", "jobTemplate", "spec", "template", "spec"}},
  };
  return kKinds;
}

Result<AdmissionRequest> ParseAdmissionReview(std::string_view body) {
  if (body.size() > kMaxReviewBytes) return Fail("AdmissionReview is {} bytes (at most {})", body.size(), kMaxReviewBytes);
  // Bounded: the size above, and nesting (a Pod spec nests ~10 levels; a "[[[[..." bomb must not reach the walk).
  auto parsed = ParseBoundedJson(body, "AdmissionReview", kMaxReviewBytes, kMaxReviewDepth);
  if (!parsed) return Fail("AdmissionReview is not JSON: {}", parsed.error().message);
  const json& doc = *parsed;
  if (Text(doc, "kind") != "AdmissionReview") return Fail("kind is \"{}\", not AdmissionReview", Text(doc, "kind"));
  if (Text(doc, "apiVersion") != "admission.k8s.io/v1") {
    return Fail("apiVersion \"{}\" (only admission.k8s.io/v1 is served)", Text(doc, "apiVersion"));
  }
  const json* request = Find(doc, "request");
  if (!request || !request->is_object()) return Fail("AdmissionReview has no request");
  AdmissionRequest out;
  out.uid = Text(*request, "uid");
  if (out.uid.empty()) return Fail("request has no uid");
  const json* kind = Find(*request, "kind");
  out.kind = kind ? Text(*kind, "kind") : "";
  out.namespace_name = Text(*request, "namespace");
  out.name = Text(*request, "name");
  out.operation = Text(*request, "operation");
  const json* dry_run = Find(*request, "dryRun");
  out.dry_run = dry_run && dry_run->is_boolean() && dry_run->get<bool>();
  const WorkloadKind* workload = nullptr;
  for (const auto& k : WorkloadKinds()) {
    if (k.kind == out.kind) workload = &k;
  }
  if (!workload) return Fail("kind \"{}\" has no pod spec this webhook judges", out.kind);
  const json* object = Find(*request, "object");
  if (!object || !object->is_object()) {
    if (out.operation == "DELETE") return out;  // a deletion carries only oldObject and runs nothing new
    return Fail("request has no object");
  }
  if (const json* metadata = Find(*object, "metadata")) {
    if (const json* owners = Find(*metadata, "ownerReferences"); owners && owners->is_array()) {
      for (const json& owner : *owners) {
        const json* controller = Find(owner, "controller");
        out.controlled = out.controlled || (controller && controller->is_boolean() && controller->get<bool>());
      }
    }
  }
  const json* spec = object;
  for (std::string_view step : workload->pod_spec_path) {
    spec = Find(*spec, step);
    if (!spec || !spec->is_object()) return Fail("{} has no pod spec at {}", out.kind, fmt::join(workload->pod_spec_path, "."));
  }
  for (auto [field, role] : {std::pair{"initContainers", "initContainer"}, std::pair{"containers", "container"},
                             std::pair{"ephemeralContainers", "ephemeralContainer"}}) {
    if (auto ok = CollectContainers(*spec, field, role, out.images); !ok) return Rewrap(ok.error(), "{}", out.kind);
  }
  return out;
}

}  // namespace drydock::admission
