// Deployments in the store, on SQLite and on PostgreSQL (store_test_fixture.h): admission records upsert, a
// pod-listing snapshot marks what it no longer shows as not running (in its own cluster only), and the image
// listing asks which digests run.
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace drydock {
namespace {

const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');
const std::string kC = "sha256:" + std::string(64, 'c');

Deployment Row(const std::string& digest, const std::string& cluster, const std::string& name,
               const std::string& source = "pods") {
  return {.digest = digest, .cluster = cluster, .namespace_name = "shop", .kind = "Deployment", .name = name,
          .image = "reg/app:1", .source = source};
}

class StoreDeployments : public StoreEngineTest {};

INSTANTIATE_TEST_SUITE_P(Engines, StoreDeployments, StoreEngines(), StoreEngineName);

TEST_P(StoreDeployments, SnapshotsReplaceWhatRunsPerCluster) {
  Store& s = *store_;
  ASSERT_TRUE(s.RecordDeployments({Row(kA, "default", "api", "admission")}, 1000));
  ASSERT_TRUE(s.RecordDeployments({Row(kC, "other", "batch", "admission")}, 1000));
  // The first snapshot of "default" shows A again (first sighting kept) and B; nothing of "other" changes.
  ASSERT_TRUE(s.ReplaceRunning("default", {Row(kA, "default", "api"), Row(kB, "default", "web")}, 2000));
  auto a = s.DeploymentsOf(kA);
  ASSERT_TRUE(a);
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].first_seen_ms, 1000);
  EXPECT_EQ((*a)[0].last_seen_ms, 2000);
  EXPECT_EQ((*a)[0].source, "pods");
  EXPECT_TRUE((*a)[0].running);
  // The next snapshot no longer shows A: it stopped running, and stays listed with when it was last seen.
  ASSERT_TRUE(s.ReplaceRunning("default", {Row(kB, "default", "web")}, 3000));
  a = s.DeploymentsOf(kA);
  ASSERT_TRUE(a);
  ASSERT_EQ(a->size(), 1u);
  EXPECT_FALSE((*a)[0].running);
  EXPECT_EQ((*a)[0].last_seen_ms, 2000);
  auto running = s.RunningDigests({kA, kB, kC, "sha256:none"});
  ASSERT_TRUE(running);
  EXPECT_EQ(*running, (std::vector<std::string>{kB, kC}));
  // A snapshot whose rows name another cluster is refused whole.
  EXPECT_FALSE(s.ReplaceRunning("default", {Row(kA, "other", "api")}, 4000));
  running = s.RunningDigests({kA, kC});
  ASSERT_TRUE(running);
  EXPECT_EQ(*running, (std::vector<std::string>{kC}));
  auto none = s.DeploymentsOf("sha256:none");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace drydock
