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

bool SqliteStore(const ManifestOptions& o) { return o.store.starts_with("sqlite:"); }

// The DB both containers name: the init container writes it, the server reads and refreshes it.
std::string DbPath() { return std::string(kManifestDataDir) + "/drydock.db"; }

YAML::Node Mount(const std::string& name, const std::string& path, bool read_only) {
  YAML::Node mount;
  mount["name"] = name;
  mount["mountPath"] = path;
  if (read_only) mount["readOnly"] = true;
  return mount;
}

YAML::Node Container(const ManifestOptions& o, const std::string& name, const std::vector<std::string>& args) {
  YAML::Node container;
  container["name"] = name;
  container["image"] = o.image;
  for (const std::string& arg : args) container["args"].push_back(arg);
  container["securityContext"]["runAsNonRoot"] = true;
  container["securityContext"]["allowPrivilegeEscalation"] = false;
  container["securityContext"]["readOnlyRootFilesystem"] = true;
  // The root filesystem is read-only: feeds `db update` fetches are kept in the cache volume, temp files in /tmp.
  container["volumeMounts"].push_back(Mount("data", kManifestDataDir, false));
  container["volumeMounts"].push_back(Mount("cache", kManifestCacheDir, false));
  container["volumeMounts"].push_back(Mount("tmp", "/tmp", false));
  YAML::Node cache;
  cache["name"] = "XDG_CACHE_HOME";
  cache["value"] = kManifestCacheDir;
  container["env"].push_back(cache);
  return container;
}

// `db update` fills the data volume before the server starts: the server will not start without a DB.
YAML::Node DbInitContainer(const ManifestOptions& o) {
  std::vector<std::string> args = {"db", "update", "--db", DbPath()};
  if (!o.db_repository.empty()) args.insert(args.end(), {"--repository", o.db_repository});
  return Container(o, "db", args);
}

YAML::Node ServerContainer(const ManifestOptions& o) {
  const std::string config = kManifestConfigDir, tls = kManifestTlsDir;
  std::vector<std::string> args = {"server", "--listen", ":" + std::to_string(o.port),
                                   "--tls-cert", tls + "/tls.crt", "--tls-key", tls + "/tls.key",
                                   "--admission-policy", config + "/admission.yaml"};
  if (o.client_certificate) args.insert(args.end(), {"--admission-client-ca", config + "/apiserver-client-ca.pem"});
  args.insert(args.end(), {"--store", o.store, "--db", DbPath(),
                           "--db-update-interval", "6h", "--cache-dir", kManifestCacheDir});
  if (!o.db_repository.empty()) args.insert(args.end(), {"--db-repository", o.db_repository});
  YAML::Node container = Container(o, "drydock", args);
  if (!SqliteStore(o)) {
    // libpq takes the password from PGPASSWORD, so it never shows in the pod's arguments; only the server gets it.
    YAML::Node password;
    password["name"] = "PGPASSWORD";
    password["valueFrom"]["secretKeyRef"]["name"] = o.service + "-store";
    password["valueFrom"]["secretKeyRef"]["key"] = "password";
    password["valueFrom"]["secretKeyRef"]["optional"] = true;
    container["env"].push_back(password);
  }
  YAML::Node port;
  port["containerPort"] = o.port;
  container["ports"].push_back(port);
  container["readinessProbe"]["httpGet"]["path"] = "/healthz";
  container["readinessProbe"]["httpGet"]["port"] = o.port;
  container["readinessProbe"]["httpGet"]["scheme"] = "HTTPS";
  container["volumeMounts"].push_back(Mount("config", config, true));
  container["volumeMounts"].push_back(Mount("tls", tls, true));
  return container;
}

YAML::Node Deployment(const ManifestOptions& o) {
  YAML::Node d;
  d["apiVersion"] = "apps/v1";
  d["kind"] = "Deployment";
  d["metadata"]["name"] = o.service;
  d["metadata"]["namespace"] = o.namespace_name;
  d["spec"]["replicas"] = SqliteStore(o) ? 1 : 2;  // a sqlite store is one pod's own
  d["spec"]["selector"]["matchLabels"] = Labels(o);
  d["spec"]["template"]["metadata"]["labels"] = Labels(o);
  YAML::Node spec;
  spec["initContainers"].push_back(DbInitContainer(o));
  spec["containers"].push_back(ServerContainer(o));
  auto volume = [&spec](const std::string& name, const char* kind, YAML::Node source) {
    YAML::Node v;
    v["name"] = name;
    v[kind] = source;
    spec["volumes"].push_back(v);
  };
  YAML::Node config, tls;
  config["name"] = o.service + "-config";
  tls["secretName"] = o.service + "-tls";
  volume("config", "configMap", config);
  volume("tls", "secret", tls);
  for (const char* scratch : {"data", "cache", "tmp"}) volume(scratch, "emptyDir", YAML::Node(YAML::NodeType::Map));
  d["spec"]["template"]["spec"] = spec;
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
  if (!SqliteStore(options) && !options.store.starts_with("postgres://") && !options.store.starts_with("postgresql://")) {
    return Fail("store \"{}\": expected sqlite:PATH or postgres://...", options.store);
  }
  YAML::Emitter out;
  for (const YAML::Node& doc : {Webhook(options), Service(options), Deployment(options)}) {
    out << YAML::BeginDoc << doc;
  }
  return std::string(out.c_str()) + "\n";
}

}  // namespace drydock::admission
