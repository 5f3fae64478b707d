// drydock admission manifest: prints the ValidatingWebhookConfiguration, Service and Deployment that run drydock
// as an admission webhook (the HTTPS endpoint itself is served by `drydock server`).
#include <fmt/core.h>

#include <memory>

#include "admission/manifest.h"
#include "cli/commands.h"
#include "common/file.h"

namespace drydock {

CommandRunner AddAdmissionManifestCommand(CLI::App& app) {
  auto options = std::make_shared<admission::ManifestOptions>();
  auto ca_file = std::make_shared<std::string>();
  app.add_option("--service", options->service, "Service name the API server calls")->capture_default_str();
  app.add_option("--namespace", options->namespace_name, "Namespace drydock runs in")->capture_default_str();
  app.add_option("--image", options->image, "drydock image for the Deployment")->capture_default_str();
  app.add_option("--ca-cert", *ca_file, "PEM CA that signed the webhook's serving certificate (the caBundle)");
  app.add_option("--timeout", options->timeout_seconds, "timeoutSeconds, 1-30")->capture_default_str();
  app.add_option("--failure-policy", options->failure_policy, "Fail or Ignore")->capture_default_str();
  app.add_option("--store", options->store, "The server's store (postgres://: password from Secret <service>-store)")
      ->capture_default_str();
  app.add_option("--db-repository", options->db_repository, "REGISTRY/REPO:TAG the DB is pulled from (db publish)");
  auto client_auth = std::make_shared<std::string>("certificate");
  app.add_option("--client-auth", *client_auth,
                 "How the API server proves itself: certificate (apiserver-client-ca.pem in the ConfigMap) or token")
      ->check(CLI::IsMember({"certificate", "token"}))
      ->capture_default_str();
  return [options, ca_file, client_auth] {
    options->client_certificate = *client_auth == "certificate";
    if (!ca_file->empty()) {
      auto pem = ReadFileBounded(*ca_file, 1 << 20);
      if (!pem) return fmt::print(stderr, "drydock: --ca-cert {}: {}\n", *ca_file, pem.error().message), kExitError;
      options->ca_bundle_pem = *pem;
    }
    auto text = admission::RenderManifest(*options);
    if (!text) return fmt::print(stderr, "drydock: {}\n", text.error().message), kExitUsage;
    fmt::print("{}", *text);
    return kExitOk;
  };
}

}  // namespace drydock
