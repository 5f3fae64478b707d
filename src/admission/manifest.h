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
  // The server's store: replicas share a PostgreSQL one (its password from the Secret <service>-store, key
  // `password`, as PGPASSWORD); a sqlite: store lives in the pod's data volume and gets one replica.
  std::string store = "postgres://drydock@postgres:5432/drydock";
  std::string db_repository;           // where `db update` pulls the DB (db publish); empty: its default sources
  bool client_certificate = true;      // the API server proves itself with a certificate (else a scan token)
};

// Where the Deployment mounts what it reads and writes. The ConfigMap <service>-config holds admission.yaml,
// the files it names and (with client_certificate) apiserver-client-ca.pem; the Secret <service>-tls holds the
// serving tls.crt and tls.key.
inline constexpr const char* kManifestConfigDir = "/etc/drydock";
inline constexpr const char* kManifestTlsDir = "/tls";
inline constexpr const char* kManifestDataDir = "/var/lib/drydock";   // the DB (and a sqlite store)
inline constexpr const char* kManifestCacheDir = "/var/cache/drydock";

// ValidatingWebhookConfiguration (sideEffects NoneOnDryRun, admissionReviewVersions v1, kube-system and the webhook's own
// namespace excluded), Service and Deployment, as one multi-document YAML text. The Deployment's init container
// fetches the DB; its server serves the webhook with the admission policy and keeps the DB fresh.
Result<std::string> RenderManifest(const ManifestOptions& options);

}  // namespace drydock::admission
