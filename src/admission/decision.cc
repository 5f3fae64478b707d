#include "admission/decision.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace drydock::admission {

AdmissionDecision Decide(const AdmissionRequest& request, const ImageJudge& judge, const AdmissionSettings& settings) {
  AdmissionDecision out;
  const auto& excluded = settings.excluded_namespaces;
  if (std::find(excluded.begin(), excluded.end(), request.namespace_name) != excluded.end()) return out;
  std::vector<std::string> denials;
  std::set<std::string> seen;
  for (const ContainerImage& image : request.images) {
    if (!seen.insert(image.image).second) continue;  // one judgement per image, however many containers use it
    ImageVerdict verdict = judge(image);
    if (verdict.allowed) continue;
    std::string line = fmt::format("image {} ({} {}): {}: {}", image.image, image.role, image.container,
                                   verdict.rule, verdict.reason);
    if (verdict.warn_only || settings.warn_mode) {
      out.warnings.push_back(std::move(line));
    } else {
      denials.push_back(std::move(line));
    }
  }
  if (!denials.empty()) {
    out.allowed = false;
    out.message = fmt::format("drydock denied {} {}/{}: {}", request.kind, request.namespace_name,
                              request.name.empty() ? "(generated name)" : request.name, fmt::join(denials, "; "));
  }
  return out;
}

std::string ResponseJson(const std::string& uid, const AdmissionDecision& decision) {
  nlohmann::json response = {{"uid", uid}, {"allowed", decision.allowed}};
  if (!decision.allowed) response["status"] = {{"code", 403}, {"reason", "Forbidden"}, {"message", decision.message}};
  if (!decision.warnings.empty()) response["warnings"] = decision.warnings;
  return nlohmann::json{{"apiVersion", "admission.k8s.io/v1"}, {"kind", "AdmissionReview"}, {"response", response}}
      .dump();
}

}  // namespace drydock::admission
