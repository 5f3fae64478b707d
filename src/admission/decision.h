// An admission decision: each image judged by a caller-supplied function (the server's: policy, stored scan,
// signature cache), combined into allowed/denied with a message naming the image and the rule, and written back
// as the response AdmissionReview the API server expects.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "admission/review.h"

namespace drydock::admission {

struct ImageVerdict {
  bool allowed = true;
  bool warn_only = false;  // a failed rule whose action is warn: allowed, with a warning
  std::string rule;        // "POL-SIG-001" or "require_signature"
  std::string reason;      // "no valid signature", "CVE-2024-1234 CRITICAL in openssl 3.0.2"
};

// Judges one image reference; called once per distinct image of the workload.
using ImageJudge = std::function<ImageVerdict(const ContainerImage& image)>;

struct AdmissionSettings {
  std::vector<std::string> excluded_namespaces = {"kube-system"};  // allowed without looking
  bool warn_mode = false;  // every denial becomes a warning (roll-out before enforcing)
};

struct AdmissionDecision {
  bool allowed = true;
  std::string message;                // denial: which image, which rule, why (every failing image)
  std::vector<std::string> warnings;  // shown by kubectl
};

AdmissionDecision Decide(const AdmissionRequest& request, const ImageJudge& judge, const AdmissionSettings& settings);

// The response AdmissionReview for `uid`: allowed, status (403 and the message when denied), warnings.
std::string ResponseJson(const std::string& uid, const AdmissionDecision& decision);

}  // namespace drydock::admission
