// `drydock admission manifest`: the Kubernetes objects that run drydock as a validating webhook.
#pragma once

#include <string>

#include "drydock/error.h"

namespace drydock::admission {

struct ManifestOptions {
  std::string service = "drydock";     // the Service the API server calls
  std::string namespace_name = "security";
  std::string image = "drydock:latest";
  std::string ca_bundle_pem;           // the CA that signed the webhook's serving certificate; empty: left to fill
  int timeout_seconds = 10;            // 1-30, as the API server allows
  std::string failure_policy = "Fail";  // or Ignore
  int port = 8443;
};

// ValidatingWebhookConfiguration (sideEffects NoneOnDryRun, admissionReviewVersions v1, kube-system and the webhook's own
// namespace excluded), Service and Deployment, as one multi-document YAML text.
Result<std::string> RenderManifest(const ManifestOptions& options);

}  // namespace drydock::admission
