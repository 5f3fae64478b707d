// `kubectl get pods -A -o json` as the kubelet fills it (tests/data/admission/pods.json: a Deployment's two
// replicas with an init container, a StatefulSet, a CronJob's Job, a pending bare pod, a locally built image).
#include "admission/pod_list.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace drydock::admission {
namespace {

std::string Data(const std::string& name) {
  std::ifstream in(std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/admission/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Digest(char c) { return "sha256:" + std::string(64, c); }

TEST(PodList, EachWorkloadImageOnceWithItsRunningDigest) {
  auto listing = ParsePodList(Data("pods.json"));
  ASSERT_TRUE(listing) << listing.error().message;
  EXPECT_EQ(listing->pods, 6u);
  EXPECT_EQ(listing->unresolved, 1u);  // local-build: its image ID is a config digest, its image a bare tag
  std::vector<std::string> got;
  for (const RunningImage& i : listing->images) {
    got.push_back(i.namespace_name + " " + i.kind + "/" + i.name + " " + i.image + " " + i.digest);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     // Two replicas, one workload: the ReplicaSet's pod-template-hash names the Deployment.
                     "shop Deployment/api 127.0.0.1:5000/shop/migrate:2.0 " + Digest('3'),
                     "shop Deployment/api 127.0.0.1:5000/shop/api:2.0 " + Digest('1'),
                     "shop Deployment/api docker.io/library/busybox:1.36 " + Digest('2'),
                     "data StatefulSet/db docker.io/library/postgres:16 " + Digest('4'),
                     "ops Job/report-29412345 ghcr.io/acme/report:2026.12 " + Digest('5'),
                     // Pending: no status yet, but the spec pins the digest.
                     "ops Pod/debug docker.io/library/busybox@" + Digest('2') + " " + Digest('2'),
                 }));
}

TEST(PodList, ImageIdForms) {
  EXPECT_EQ(DigestOfImageId("docker-pullable://nginx@" + Digest('a')), Digest('a'));
  EXPECT_EQ(DigestOfImageId("docker.io/library/nginx@" + Digest('a')), Digest('a'));
  EXPECT_EQ(DigestOfImageId(Digest('a')), "");  // a config digest names no manifest
  EXPECT_EQ(DigestOfImageId("nginx@sha256:abc"), "");
  EXPECT_EQ(DigestOfImageId("nginx@sha512:" + std::string(128, 'a')), "");
  EXPECT_EQ(DigestOfImageId(""), "");
}

TEST(PodList, RefusesWhatIsNotAPodList) {
  const std::pair<std::string, std::string> broken[] = {
      {"", "invalid JSON"},
      {"{\"kind\": \"List\", \"items\": [", "invalid JSON"},
      {R"({"kind": "Deployment"})", "not kind \"Deployment\""},
      {R"({"kind": "List"})", "no items"},
      {R"({"kind": "List", "items": [{"kind": "Pod", "metadata": 5}]})", "no metadata"},
      {R"({"kind": "List", "items": )" + std::string(100, '[') + std::string(100, ']') + "}", "deeper"},
  };
  for (const auto& [text, why] : broken) {
    auto listing = ParsePodList(text);
    ASSERT_FALSE(listing) << why;
    EXPECT_EQ(listing.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(listing.error().message.find(why), std::string::npos) << listing.error().message;
  }
  // Members of the wrong types are skipped, not thrown on.
  auto odd = ParsePodList(R"({"kind": "List", "items": [{"metadata": {"name": 5, "ownerReferences": [7,
      {"controller": "yes"}]}, "spec": {"containers": [1, {"image": ["x"]}]}, "status": {"containerStatuses": 3}}]})");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ(odd->pods, 1u);
  EXPECT_EQ(odd->unresolved, 2u);
}

}  // namespace
}  // namespace drydock::admission
