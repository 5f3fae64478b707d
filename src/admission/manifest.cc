#include "admission/manifest.h"

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <vector>

namespace drydock::admission {
namespace {

std::string Base64(const std::string& bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(n));
}

YAML::Node Labels(const ManifestOptions& o) {
  YAML::Node labels;
  labels["app.kubernetes.io/name"] = o.service;
  return labels;
}

YAML::Node Webhook(const ManifestOptions& o) {
  YAML::Node config;
  config["apiVersion"] = "admissionregistration.k8s.io/v1";
  config["kind"] = "ValidatingWebhookConfiguration";
  config["metadata"]["name"] = o.service + "-image-policy";
  YAML::Node hook;
  hook["name"] = "images." + o.service + "." + o.namespace_name + ".svc";
  hook["admissionReviewVersions"].push_back("v1");
  // The webhook records admitted digests and queues scans of unknown ones, in its own store; on a dry run it
  // does neither, which is what NoneOnDryRun promises the API server.
  hook["sideEffects"] = "NoneOnDryRun";
  hook["failurePolicy"] = o.failure_policy;
  hook["timeoutSeconds"] = o.timeout_seconds;
  hook["matchPolicy"] = "Equivalent";
  hook["clientConfig"]["service"]["name"] = o.service;
  hook["clientConfig"]["service"]["namespace"] = o.namespace_name;
  hook["clientConfig"]["service"]["path"] = "/admission/v1/validate";
  hook["clientConfig"]["service"]["port"] = 443;
  hook["clientConfig"]["caBundle"] = o.ca_bundle_pem.empty() ? std::string("<base64 PEM of the serving CA>")
                                                              : Base64(o.ca_bundle_pem);
  YAML::Node expression;
  expression["key"] = "kubernetes.io/metadata.name";
  expression["operator"] = "NotIn";
  expression["values"].push_back("kube-system");
  expression["values"].push_back(o.namespace_name);
  hook["namespaceSelector"]["matchExpressions"].push_back(expression);
  auto rule = [](std::vector<std::string> groups, std::vector<std::string> resources) {
    YAML::Node r;
    for (auto& g : groups) r["apiGroups"].push_back(g);
    r["apiVersions"].push_back("v1");
    r["operations"].push_back("CREATE");
    r["operations"].push_back("UPDATE");
    for (auto& res : resources) r["resources"].push_back(res);
    r["scope"] = "Namespaced";
    return r;
  };
  hook["rules"].push_back(rule({""}, {"pods", "pods/ephemeralcontainers", "replicationcontrollers"}));
  hook["rules"].push_back(rule({"apps"}, {"deployments", "statefulsets", "daemonsets", "replicasets"}));
  hook["rules"].push_back(rule({"batch"}, {"jobs", "cronjobs"}));
  config["webhooks"].push_back(hook);
  return config;
}

YAML::Node Service(const ManifestOptions& o) {
  YAML::Node service;
  service["apiVersion"] = "v1";
  service["kind"] = "Service";
  service["metadata"]["name"] = o.service;
  service["metadata"]["namespace"] = o.namespace_name;
  service["spec"]["selector"] = Labels(o);
  YAML::Node port;
  port["port"] = 443;
  port["targetPort"] = o.port;
  service["spec"]["ports"].push_back(port);
  return service;
}

YAML::Node Deployment(const ManifestOptions& o) {
  YAML::Node d;
  d["apiVersion"] = "apps/v1";
  d["kind"] = "Deployment";
  d["metadata"]["name"] = o.service;
  d["metadata"]["namespace"] = o.namespace_name;
  d["spec"]["replicas"] = 2;
  d["spec"]["selector"]["matchLabels"] = Labels(o);
  d["spec"]["template"]["metadata"]["labels"] = Labels(o);
  YAML::Node container;
  container["name"] = "drydock";
  container["image"] = o.image;
  for (const char* arg : {"server", "--listen", ":8443", "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key"}) {
    container["args"].push_back(arg);
  }
  YAML::Node port;
  port["containerPort"] = o.port;
  container["ports"].push_back(port);
  container["securityContext"]["runAsNonRoot"] = true;
  container["securityContext"]["allowPrivilegeEscalation"] = false;
  container["securityContext"]["readOnlyRootFilesystem"] = true;
  YAML::Node mount;
  mount["name"] = "tls";
  mount["mountPath"] = "/tls";
  mount["readOnly"] = true;
  container["volumeMounts"].push_back(mount);
  d["spec"]["template"]["spec"]["containers"].push_back(container);
  YAML::Node volume;
  volume["name"] = "tls";
  volume["secret"]["secretName"] = o.service + "-tls";
  d["spec"]["template"]["spec"]["volumes"].push_back(volume);
  return d;
}

}  // namespace

Result<std::string> RenderManifest(const ManifestOptions& options) {
  if (options.timeout_seconds < 1 || options.timeout_seconds > 30) {
    return Fail("timeout {}s: the API server allows 1 to 30 seconds", options.timeout_seconds);
  }
  if (options.failure_policy != "Fail" && options.failure_policy != "Ignore") {
    return Fail("failure policy \"{}\" is neither Fail nor Ignore", options.failure_policy);
  }
  if (options.service.empty() || options.namespace_name.empty()) return Fail("service and namespace must be named");
  YAML::Emitter out;
  for (const YAML::Node& doc : {Webhook(options), Service(options), Deployment(options)}) {
    out << YAML::BeginDoc << doc;
  }
  return std::string(out.c_str()) + "\n";
}

}  // namespace drydock::admission
