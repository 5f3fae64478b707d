// Scale-out: three `drydock server` processes (api, worker, all) on one PostgreSQL store split 300 scan jobs of
// 30 images, each image pushed into a real docker-registry under 10 tags. Mid-run one worker process is
// kill -9'd and then every process is restarted; afterwards every job is done once, with the digest its tag
// names, and the store has one row per image, its 10 tags, and one copy of its packages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <map>
#include <ranges>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "common/sha256.h"
#include "postgres_fixture.h"
#include "registry_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

constexpr int kImages = 30, kTagsPerImage = 10;
const std::string kScaleRepository = "drydock-test/scale";
constexpr const char* kManifestType = "application/vnd.docker.distribution.manifest.v2+json";

std::string Digest(const std::string& bytes) { return "sha256:" + Sha256::HexOf(bytes); }

// Uploads `bytes` as a blob of `repository` (monolithic: POST then PUT with the digest).
bool PutBlob(httplib::Client& registry, const std::string& repository, const std::string& bytes) {
  auto start = registry.Post("/v2/" + repository + "/blobs/uploads/", "", "application/octet-stream");
  if (!start || start->status != 202) return false;
  std::string location = start->get_header_value("Location");
  if (std::size_t path = location.find("/v2/"); path != std::string::npos) location = location.substr(path);
  location += (location.find('?') == std::string::npos ? "?" : "&") + std::string("digest=") + Digest(bytes);
  auto put = registry.Put(location, bytes, "application/octet-stream");
  return put && put->status == 201;
}

// Makes `kImages` images from the one pushed as REPOSITORY:base (each its config with a label of its own, so
// a manifest and digest of its own, over the same layers) and tags each `kTagsPerImage` times. Returns tag ->
// manifest digest.
std::map<std::string, std::string> TagVariants(int registry_port) {
  httplib::Client registry("127.0.0.1", registry_port);
  std::map<std::string, std::string> digests;
  auto base = registry.Get("/v2/" + kScaleRepository + "/manifests/base", {{"Accept", kManifestType}});
  EXPECT_TRUE(base && base->status == 200);
  if (!base || base->status != 200) return digests;
  const json manifest = json::parse(base->body);
  auto config = registry.Get("/v2/" + kScaleRepository + "/blobs/" + manifest["config"]["digest"].get<std::string>());
  EXPECT_TRUE(config && config->status == 200);
  if (!config || config->status != 200) return digests;
  for (int i = 0; i < kImages; ++i) {
    json variant_config = json::parse(config->body);
    variant_config["config"]["Labels"]["org.drydock.test.variant"] = std::to_string(i);
    const std::string config_bytes = variant_config.dump();
    EXPECT_TRUE(PutBlob(registry, kScaleRepository, config_bytes)) << i;
    json variant = manifest;
    variant["config"]["digest"] = Digest(config_bytes);
    variant["config"]["size"] = config_bytes.size();
    const std::string manifest_bytes = variant.dump();
    for (int t = 0; t < kTagsPerImage; ++t) {
      const std::string tag = "v" + std::to_string(i) + "-t" + std::to_string(t);
      auto put = registry.Put("/v2/" + kScaleRepository + "/manifests/" + tag, manifest_bytes, kManifestType);
      EXPECT_TRUE(put && put->status == 201) << tag;
      digests[tag] = Digest(manifest_bytes);
    }
  }
  return digests;
}

class ServerScaleOut : public ::testing::Test {
 protected:
  std::vector<std::string> Args(const std::string& role, int workers) const {
    // A 3 s lease (heartbeat 1 s, reaper every 1.5 s): a killed worker's job is back in the queue within ~5 s.
    return {"--store", store_, "--skip-db", "--role", role, "--workers", std::to_string(workers),
            "--job-lease", "3", "--cache-dir", TempDirectory() + "/scale-cache"};
  }
  std::int64_t Count(const std::string& where) {
    auto rows = PostgresCluster::Shared().Rows(database_, "SELECT COUNT(*) FROM jobs WHERE " + where);
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }
  // Waits until `where` holds for no job (or `seconds` pass).
  bool WaitForNone(const std::string& where, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (Count(where) == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  const std::string database_ = "scale_out";
  std::string store_;
};

TEST_F(ServerScaleOut, ThreeProcessesOnOnePostgresDoEveryJobOnceThroughAKillAndARestart) {
  ::signal(SIGPIPE, SIG_IGN);
  PostgresCluster& cluster = PostgresCluster::Shared();
  ASSERT_TRUE(cluster.Up()) << cluster.Error();
  store_ = cluster.NewDatabase(database_);
  ASSERT_FALSE(store_.empty());
  Registry registry("scale");
  ASSERT_TRUE(registry.Up());
  // The smallest real image: trivy's Alpine 3.10 fixture (one layer, 14 packages).
  const std::string alpine = TempDirectory() + "/scale-alpine-310.tar";
  Shell("zcat " + TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " + alpine);
  registry.Push("base", "", "docker-archive:" + alpine, kScaleRepository);
  const std::map<std::string, std::string> want = TagVariants(registry.port());
  ASSERT_EQ(want.size(), static_cast<std::size_t>(kImages * kTagsPerImage));
  ASSERT_EQ(std::set<std::string>(std::views::values(want).begin(), std::views::values(want).end()).size(),
            static_cast<std::size_t>(kImages));
  const std::string token = CreateToken(store_, "admin");
  ASSERT_FALSE(token.empty());

  std::map<std::string, std::unique_ptr<ServerProcess>> processes;
  auto start_all = [&](const std::string& generation) {
    processes["api"] = std::make_unique<ServerProcess>(Args("api", 0), "scale-api-" + generation);
    processes["worker"] = std::make_unique<ServerProcess>(Args("worker", 2), "scale-worker-" + generation);
    processes["all"] = std::make_unique<ServerProcess>(Args("all", 2), "scale-all-" + generation);
    for (auto& [role, process] : processes) ASSERT_TRUE(process->Up()) << role << ": " << process->Log();
  };
  start_all("1");
  if (HasFatalFailure()) return;
  // A worker process has no API; an API process takes requests (and queues them for the workers).
  EXPECT_EQ(processes["worker"]->Client()->Get("/api/v1/images", Bearer(token))->status, 404);

  // 300 requests through the two processes that serve the API: 300 distinct jobs.
  std::map<std::int64_t, std::string> job_tag;
  for (const auto& [tag, digest] : want) {
    ServerProcess& api = job_tag.size() % 2 == 0 ? *processes["api"] : *processes["all"];
    auto res = api.Client()->Post("/api/v1/scans", Bearer(token), json{{"image", registry.Reference(tag, kScaleRepository)}}.dump(),
                                  "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    const json accepted = json::parse(res->body);
    EXPECT_FALSE(accepted["deduplicated"].get<bool>()) << tag;
    job_tag[accepted["job_id"].get<std::int64_t>()] = tag;
  }
  ASSERT_EQ(job_tag.size(), want.size());

  // kill -9 the worker process while it holds jobs.
  const std::string owner_is_worker = "state = 'running' AND lease_owner LIKE '%:" +
                                      std::to_string(processes["worker"]->pid()) + "/%'";  // "host:pid/worker"
  std::vector<std::int64_t> orphaned;
  std::string error;
  for (int i = 0; i < 600 && orphaned.empty(); ++i) {
    for (const auto& row : cluster.Rows(database_, "SELECT id FROM jobs WHERE " + owner_is_worker, &error)) {
      orphaned.push_back(std::stoll(row[0]));
    }
    if (orphaned.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(orphaned.empty()) << "the worker process never ran a job " << error << "\n"
                                 << processes["worker"]->Log();
  processes["worker"]->Kill9();
  // A job can finish between that look and the kill; the orphans are the jobs the dead process still holds.
  orphaned.clear();
  for (const auto& row : cluster.Rows(database_, "SELECT id FROM jobs WHERE " + owner_is_worker, &error)) {
    orphaned.push_back(std::stoll(row[0]));
  }

  // Then every process stops while work is left (the dead process's jobs, and what is still queued): none is lost.
  // Stopping right after the kill keeps work left however fast the scans are.
  processes["api"]->Stop();
  processes["all"]->Stop();
  const std::int64_t left_at_restart = Count("state = 'queued'") + static_cast<std::int64_t>(orphaned.size());
  EXPECT_GT(left_at_restart, 0) << "the restart should find work left";
  EXPECT_EQ(Count("state = 'running' AND NOT (" + owner_is_worker + ")"), 0)
      << "a stopping worker hands its jobs back";
  start_all("2");
  if (HasFatalFailure()) return;

  // The dead process's jobs are reaped and finished by the restarted processes.
  for (std::int64_t id : orphaned) {
    json job = WaitForJob(*processes["api"]->Client(), token, id, 60);
    EXPECT_EQ(job["state"], "done") << job.dump() << processes["all"]->Log();
    EXPECT_GE(job["attempts"].get<int>(), 2) << "the killed process's claim, then another's";
  }
  ASSERT_TRUE(WaitForNone("state IN ('queued', 'running')", 120)) << processes["all"]->Log();

  // Every job done once, with the digest its tag names.
  EXPECT_EQ(Count("state = 'done'"), static_cast<std::int64_t>(want.size()));
  EXPECT_EQ(Count("state = 'failed'"), 0);
  auto jobs = cluster.Rows(database_, "SELECT id, result FROM jobs ORDER BY id");
  ASSERT_EQ(jobs.size(), want.size());
  for (const auto& row : jobs) {
    const std::string& tag = job_tag.at(std::stoll(row[0]));
    EXPECT_EQ(row[1], want.at(tag)) << "job " << row[0] << " (" << tag << ")";
  }
  // One row per image, each with its 10 tags and one copy of its packages.
  auto images = cluster.Rows(database_, "SELECT i.digest, i.package_count, (SELECT COUNT(*) FROM packages p WHERE "
                                        "p.digest = i.digest), (SELECT COUNT(*) FROM image_tags t WHERE t.digest = "
                                        "i.digest) FROM images i");
  EXPECT_EQ(images.size(), static_cast<std::size_t>(kImages));
  for (const auto& row : images) {
    EXPECT_EQ(row[1], "14") << row[0];
    EXPECT_EQ(row[2], row[1]) << row[0] << ": packages stored more than once";
    EXPECT_EQ(row[3], std::to_string(kTagsPerImage)) << row[0];
  }
  auto listed = processes["api"]->Client()->Get("/api/v1/images?limit=1000", Bearer(token));
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(json::parse(listed->body)["items"].size(), static_cast<std::size_t>(kImages));
}

}  // namespace
}  // namespace drydock::e2e
