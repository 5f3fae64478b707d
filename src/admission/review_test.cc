// AdmissionReview documents shaped as the API server sends them (tests/data/admission: a Pod, a Deployment with
// init containers on UPDATE, a CronJob), judged and answered; malformed and oversized reviews are refused.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "admission/decision.h"
#include "admission/manifest.h"
#include "admission/review.h"

namespace drydock::admission {
namespace {

std::string Review(const std::string& name) {
  std::ifstream in(std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/admission/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Images(const AdmissionRequest& request) {
  std::vector<std::string> out;
  for (const auto& i : request.images) out.push_back(i.role + " " + i.container + " " + i.image);
  return out;
}

TEST(AdmissionReview, PodDeploymentCronJob) {
  auto pod = ParseAdmissionReview(Review("pod-create.json"));
  ASSERT_TRUE(pod) << pod.error().message;
  EXPECT_EQ(pod->uid, "3a8a5a1e-9c3b-4f0e-8a67-0b1f4e0c2d11");
  EXPECT_EQ(pod->kind, "Pod");
  EXPECT_EQ(pod->namespace_name, "shop");
  EXPECT_EQ(Images(*pod), (std::vector<std::string>{
                              "container web 127.0.0.1:5000/shop/web:1.4",
                              "container sidecar docker.io/library/busybox@sha256:"
                              "2a03a6059f21e150ae84b0973863609494aad70f0a80eaeb64bddd8d92465812"}));
  auto deployment = ParseAdmissionReview(Review("deployment-init-containers.json"));
  ASSERT_TRUE(deployment) << deployment.error().message;
  EXPECT_EQ(deployment->operation, "UPDATE");
  // The new object's images only (oldObject's api:1.9 is what is being replaced), init containers first.
  EXPECT_EQ(Images(*deployment), (std::vector<std::string>{"initContainer migrate 127.0.0.1:5000/shop/migrate:2.0",
                                                           "initContainer wait-db docker.io/library/busybox:1.36",
                                                           "container api 127.0.0.1:5000/shop/api:2.0",
                                                           "container log-shipper docker.io/library/busybox:1.36"}));
  EXPECT_FALSE(pod->controlled);
  // A pod its ReplicaSet made says so in its ownerReferences.
  std::string owned = Review("pod-create.json");
  owned.replace(owned.find("\"labels\": {\"app\": \"web\"}"), 0,
                R"("ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d4f", "uid": "u", )"
                R"("controller": true}], )");
  auto controlled = ParseAdmissionReview(owned);
  ASSERT_TRUE(controlled) << controlled.error().message;
  EXPECT_TRUE(controlled->controlled);
  auto cronjob = ParseAdmissionReview(Review("cronjob-create.json"));
  ASSERT_TRUE(cronjob) << cronjob.error().message;
  EXPECT_EQ(Images(*cronjob), (std::vector<std::string>{"container report ghcr.io/acme/report:2026.12"}));
}

// A judge that denies one registry and warns on one image, as a policy would.
ImageVerdict Judge(const ContainerImage& image) {
  if (image.image.starts_with("docker.io/")) {
    return {.allowed = false, .warn_only = false, .rule = "allowed_registries", .reason = "registry docker.io is not allowed"};
  }
  if (image.image.find("migrate") != std::string::npos) {
    return {.allowed = false, .warn_only = true, .rule = "require_signature", .reason = "no valid signature"};
  }
  return {};
}

TEST(AdmissionDecision, DeniesNamingImageAndRuleOnce) {
  auto deployment = ParseAdmissionReview(Review("deployment-init-containers.json"));
  ASSERT_TRUE(deployment);
  int calls = 0;
  auto counting = [&](const ContainerImage& i) {
    ++calls;
    return Judge(i);
  };
  AdmissionDecision decision = Decide(*deployment, counting, {});
  EXPECT_EQ(calls, 3);  // busybox:1.36 is judged once though two containers use it
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.message,
            "drydock denied Deployment shop/api: image docker.io/library/busybox:1.36 (initContainer wait-db): "
            "allowed_registries: registry docker.io is not allowed");
  EXPECT_EQ(decision.warnings, (std::vector<std::string>{"image 127.0.0.1:5000/shop/migrate:2.0 (initContainer "
                                                         "migrate): require_signature: no valid signature"}));
  auto response = nlohmann::json::parse(ResponseJson(deployment->uid, decision));
  EXPECT_EQ(response["apiVersion"], "admission.k8s.io/v1");
  EXPECT_EQ(response["kind"], "AdmissionReview");
  EXPECT_EQ(response["response"]["uid"], "b1f2c3d4-0a1b-4c2d-8e3f-405162738495");
  EXPECT_EQ(response["response"]["allowed"], false);
  EXPECT_EQ(response["response"]["status"]["code"], 403);
  EXPECT_EQ(response["response"]["warnings"].size(), 1u);
}

TEST(AdmissionDecision, WarnModeAndExcludedNamespaces) {
  auto pod = ParseAdmissionReview(Review("pod-create.json"));
  ASSERT_TRUE(pod);
  AdmissionDecision warned = Decide(*pod, Judge, {.excluded_namespaces = {}, .warn_mode = true});
  EXPECT_TRUE(warned.allowed);
  ASSERT_EQ(warned.warnings.size(), 1u);
  EXPECT_NE(warned.warnings[0].find("busybox@sha256:"), std::string::npos);
  auto ok = nlohmann::json::parse(ResponseJson(pod->uid, warned));
  EXPECT_EQ(ok["response"]["allowed"], true);
  EXPECT_FALSE(ok["response"].contains("status"));
  AdmissionDecision excluded = Decide(*pod, Judge, {.excluded_namespaces = {"shop"}, .warn_mode = false});
  EXPECT_TRUE(excluded.allowed);
  EXPECT_TRUE(excluded.warnings.empty());
  AdmissionDecision clean = Decide(*pod, [](const ContainerImage&) { return ImageVerdict{}; }, {});
  EXPECT_TRUE(clean.allowed);
}

TEST(AdmissionReview, RejectsMalformedAndOversized) {
  std::string pod = Review("pod-create.json");
  ASSERT_FALSE(pod.empty());
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string out = pod;
    out.replace(out.find(from), from.size(), to);
    return out;
  };
  const std::pair<std::string, std::string> broken[] = {
      {"", "not JSON"},
      {std::string(100, '[') + std::string(100, ']'), "nested deeper"},
      {"{\"kind\": \"AdmissionReview\"", "not JSON"},
      {"[]", "not AdmissionReview"},
      {replace("\"admission.k8s.io/v1\"", "\"admission.k8s.io/v1beta1\""), "only admission.k8s.io/v1"},
      {replace("\"uid\": \"3a8a5a1e-9c3b-4f0e-8a67-0b1f4e0c2d11\"", "\"uid\": \"\""), "no uid"},
      {replace("\"kind\": \"Pod\"}", "\"kind\": \"ConfigMap\"}"), "has no pod spec"},
      {replace("\"containers\": [", "\"containers\": 7, \"x\": ["), "containers is not a list"},
      {replace("\"image\": \"127.0.0.1:5000/shop/web:1.4\"", "\"image\": 5"), "has no image"},
      {replace("\"spec\": {\n        \"volumes\"", "\"spek\": {\n        \"volumes\""), "no pod spec at spec"},
      {R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":7})", "has no request"},
  };
  for (const auto& [text, why] : broken) {
    auto parsed = ParseAdmissionReview(text);
    ASSERT_FALSE(parsed) << why;
    EXPECT_NE(parsed.error().message.find(why), std::string::npos) << parsed.error().message;
  }
  std::string huge = pod;
  huge.insert(huge.find("\"labels\": {\"app\": \"web\"}"), "\"annotations\": {\"x\": \"" + std::string(kMaxReviewBytes, 'a') + "\"}, ");
  auto oversized = ParseAdmissionReview(huge);
  ASSERT_FALSE(oversized);
  EXPECT_NE(oversized.error().message.find("at most"), std::string::npos);
  // Too many containers.
  std::string many = R"({"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u",)"
                     R"("kind":{"kind":"Pod"},"object":{"spec":{"containers":[)";
  for (std::size_t i = 0; i <= kMaxContainers; ++i) many += std::string(i ? "," : "") + R"({"name":"c","image":"i"})";
  many += "]}}}}";
  EXPECT_FALSE(ParseAdmissionReview(many));
}

TEST(AdmissionManifest, WebhookServiceDeployment) {
  auto text = RenderManifest({.service = "drydock", .namespace_name = "security", .ca_bundle_pem = "PEM"});
  ASSERT_TRUE(text) << text.error().message;
  auto docs = YAML::LoadAll(*text);
  ASSERT_EQ(docs.size(), 3u);
  const YAML::Node hook = docs[0]["webhooks"][0];
  EXPECT_EQ(docs[0]["kind"].as<std::string>(), "ValidatingWebhookConfiguration");
  EXPECT_EQ(hook["sideEffects"].as<std::string>(), "NoneOnDryRun");
  EXPECT_EQ(hook["failurePolicy"].as<std::string>(), "Fail");
  EXPECT_EQ(hook["timeoutSeconds"].as<int>(), 10);
  EXPECT_EQ(hook["clientConfig"]["caBundle"].as<std::string>(), "UEVN");
  EXPECT_EQ(hook["clientConfig"]["service"]["path"].as<std::string>(), "/admission/v1/validate");
  EXPECT_EQ(hook["namespaceSelector"]["matchExpressions"][0]["values"][1].as<std::string>(), "security");
  EXPECT_EQ(docs[1]["kind"].as<std::string>(), "Service");
  EXPECT_EQ(docs[2]["kind"].as<std::string>(), "Deployment");
  EXPECT_EQ(docs[2]["spec"]["replicas"].as<int>(), 2);
  const YAML::Node pod = docs[2]["spec"]["template"]["spec"];
  EXPECT_EQ(pod["initContainers"][0]["args"][0].as<std::string>(), "db");
  EXPECT_EQ(pod["initContainers"][0]["env"].size(), 1u) << "the store's password is the server's alone";
  const auto args = pod["containers"][0]["args"].as<std::vector<std::string>>();
  auto value = [&args](const std::string& flag) {
    auto at = std::find(args.begin(), args.end(), flag);
    return at == args.end() || at + 1 == args.end() ? std::string("(absent)") : *(at + 1);
  };
  EXPECT_EQ(value("--admission-policy"), "/etc/drydock/admission.yaml");
  EXPECT_EQ(value("--admission-client-ca"), "/etc/drydock/apiserver-client-ca.pem");
  EXPECT_EQ(value("--store"), "postgres://drydock@postgres:5432/drydock");
  EXPECT_EQ(value("--db"), "/var/lib/drydock/drydock.db");
  EXPECT_EQ(pod["containers"][0]["env"][1]["valueFrom"]["secretKeyRef"]["name"].as<std::string>(), "drydock-store");
  EXPECT_EQ(pod["volumes"][0]["configMap"]["name"].as<std::string>(), "drydock-config");

  // A token-authenticated API server, a sqlite store and a published DB.
  auto single = RenderManifest({.store = "sqlite:/var/lib/drydock/store.db", .db_repository = "registry.example/drydock/db:1",
                                .client_certificate = false});
  ASSERT_TRUE(single) << single.error().message;
  const YAML::Node one = YAML::LoadAll(*single)[2];
  EXPECT_EQ(one["spec"]["replicas"].as<int>(), 1);
  const auto token_args = one["spec"]["template"]["spec"]["containers"][0]["args"].as<std::vector<std::string>>();
  EXPECT_EQ(std::count(token_args.begin(), token_args.end(), "--admission-client-ca"), 0);
  EXPECT_EQ(std::count(token_args.begin(), token_args.end(), "registry.example/drydock/db:1"), 1);
  EXPECT_EQ(one["spec"]["template"]["spec"]["containers"][0]["env"].size(), 1u);  // XDG_CACHE_HOME only
  const auto init_args = one["spec"]["template"]["spec"]["initContainers"][0]["args"].as<std::vector<std::string>>();
  EXPECT_EQ(init_args.back(), "registry.example/drydock/db:1");

  EXPECT_FALSE(RenderManifest({.store = "mysql://x"}));
  EXPECT_FALSE(RenderManifest({.timeout_seconds = 31}));
  EXPECT_FALSE(RenderManifest({.failure_policy = "Maybe"}));
}

}  // namespace
}  // namespace drydock::admission
