// One drydock server process doing several things at once, on a SQLite and on a PostgreSQL store: three cold
// scans on three workers sharing one layer cache (the Debian app image; Debian minbase, whose only layer is the
// app's first; Alpine 3.10), while four clients read the API. Every stored report must be the report a
// sequential CLI scan of its image gives, and what concurrent readers get must be what one reader gets alone.
// scripts/tsan.sh --e2e runs this against the ThreadSanitizer-built server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

#include "cli_runner.h"
#include "postgres_fixture.h"
#include "registry_fixture.h"
#include "server_fixture.h"

namespace drydock::e2e {
namespace {

using json = nlohmann::json;

// What a scan of an image concurrently with others must still say: the CLI's report of it, scanned alone.
struct Expected {
  std::string reference;
  json report;
};

// The value of one sample line ("NAME VALUE") of a Prometheus text page; -1 when absent.
long long Sample(const std::string& page, const std::string& name) {
  const std::size_t at = page.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(page.substr(at + name.size() + 2));
}

class ServerConcurrency : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    registry_ = std::make_unique<Registry>("concurrency");
    if (!registry_->Up()) return;
    // skopeo reads docker-archive tars only uncompressed.
    const std::string minbase = TempDirectory() + "/concurrency-minbase.tar";
    const std::string alpine = TempDirectory() + "/concurrency-alpine.tar";
    Shell("zcat " + TestData("images/debian12-minbase.docker.tar.gz") + " > " + minbase + " && zcat " +
          TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz") + " > " + alpine);
    registry_->Push("1.0");
    registry_->Push("12", "", "docker-archive:" + minbase, "drydock-test/minbase");
    registry_->Push("3.10", "", "docker-archive:" + alpine, "drydock-test/alpine");
    db_ = TempDirectory() + "/concurrency.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") + " --secdb " +
                            TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db_);
    ASSERT_EQ(built.exit_code, 0) << built.err;
    for (const std::string& reference : {registry_->Reference("1.0"), registry_->Reference("12", "drydock-test/minbase"),
                                         registry_->Reference("3.10", "drydock-test/alpine")}) {
      auto alone = RunDrydock("image " + reference + " --db " + db_ + " --no-cache -f json -q");
      ASSERT_EQ(alone.exit_code, 0) << reference << ": " << alone.err;
      expected_.push_back({reference, json::parse(alone.out)});
    }
  }
  static void TearDownTestSuite() { registry_.reset(); }

  static inline std::unique_ptr<Registry> registry_;
  static inline std::string db_;
  static inline std::vector<Expected> expected_;
};

INSTANTIATE_TEST_SUITE_P(Engines, ServerConcurrency, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_P(ServerConcurrency, ScansAtOnceAndConcurrentReadersGetTheAnswersOfSequentialOnes) {
  ASSERT_TRUE(registry_->Up());
  ASSERT_EQ(expected_.size(), 3u);
  std::string store;
  if (GetParam() == "sqlite") {
    store = "sqlite:" + TempDirectory() + "/concurrency-store/store.db";
  } else {
    PostgresCluster& cluster = PostgresCluster::Shared();
    ASSERT_TRUE(cluster.Up()) << cluster.Error();
    store = cluster.NewDatabase("concurrency");
  }
  const std::string token = CreateToken(store, "admin");
  ASSERT_FALSE(token.empty());
  // Three workers for three scans, and a cold cache of their own that all three fill at once.
  ServerProcess server({"--store", store, "--db", db_, "--workers", "3", "--threads", "3", "--cache-dir",
                        TempDirectory() + "/concurrency-cache-" + GetParam()},
                       "concurrency-" + GetParam());
  ASSERT_TRUE(server.Up()) << server.Log();

  // Four readers on their own connections, from before the scans are asked for until they are done. The
  // running-jobs gauge is one count in the store: a reading of 2 or more proves the scans overlapped.
  std::atomic<bool> scans_done{false};
  std::atomic<int> refused{0}, answered{0}, peak_running{0};
  std::vector<std::jthread> readers;
  struct SetOnExit {  // a failed ASSERT below must still end the readers before they are joined
    std::atomic<bool>& flag;
    ~SetOnExit() { flag = true; }
  } stop_readers{scans_done};
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      auto client = server.Client();
      while (!scans_done) {
        for (const char* path : {"/metrics", "/api/v1/images", "/healthz"}) {
          auto res = client->Get(path, Bearer(token));
          if (!res || res->status != 200) {
            ++refused;
            continue;
          }
          ++answered;
          if (std::string_view(path) == "/metrics") {
            const int running = static_cast<int>(Sample(res->body, "drydock_jobs{state=\"running\"}"));
            int peak = peak_running;
            while (running > peak && !peak_running.compare_exchange_weak(peak, running)) {
            }
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // leave the scans most of the CPU
      }
    });
  }
  // The three scans asked for at once, each on its own connection.
  std::vector<std::int64_t> ids(expected_.size(), 0);
  {
    std::vector<std::jthread> posters;
    for (std::size_t i = 0; i < expected_.size(); ++i) {
      posters.emplace_back([&, i] {
        auto res = server.Client()->Post("/api/v1/scans", Bearer(token), json{{"image", expected_[i].reference}}.dump(),
                                         "application/json");
        if (res && res->status == 202) ids[i] = json::parse(res->body)["job_id"].get<std::int64_t>();
      });
    }
  }
  std::vector<std::string> digests;
  auto client = server.Client();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_NE(ids[i], 0) << expected_[i].reference << " was not accepted\n" << server.Log();
    json job = WaitForJob(*client, token, ids[i], 600);  // generous: a TSan-built server is 5-15x slower
    ASSERT_EQ(job["state"], "done") << job.dump() << server.Log();
    digests.push_back(job["image_digest"]);
  }
  scans_done = true;
  readers.clear();  // joins
  EXPECT_EQ(refused, 0);
  EXPECT_GT(answered, 0);
  EXPECT_GE(peak_running, 2) << "the scans never ran at the same time: nothing concurrent was tested";

  // Each stored report is what the sequential CLI scan of that image reported.
  std::vector<json> stored;
  for (std::size_t i = 0; i < digests.size(); ++i) {
    auto res = client->Get("/api/v1/images/" + digests[i], Bearer(token));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    stored.push_back(json::parse(res->body));
    const json& alone = expected_[i].report;
    EXPECT_EQ(stored[i]["artifact"]["digest"], alone["artifact"]["digest"]) << expected_[i].reference;
    EXPECT_EQ(stored[i]["packages"], alone["packages"]) << expected_[i].reference;
    EXPECT_EQ(stored[i]["vulnerabilities"], alone["vulnerabilities"]) << expected_[i].reference;
  }
  EXPECT_FALSE(stored[0]["vulnerabilities"].empty()) << "the app image has GHSA findings";
  EXPECT_EQ(stored[2]["packages"].size(), 14u) << "Alpine 3.10.4";

  // Readers at once get, for every report and for the images affected by one finding, what one reader got.
  const std::string finding = stored[0]["vulnerabilities"][0]["id"];
  auto affected = client->Get("/api/v1/vulnerabilities/" + finding + "/affected", Bearer(token));
  ASSERT_TRUE(affected);
  ASSERT_EQ(affected->status, 200);
  const json affected_alone = json::parse(affected->body);
  std::mutex mutex;
  std::vector<std::string> differences;  // guarded by mutex
  {
    std::vector<std::jthread> concurrent;
    for (int r = 0; r < 4; ++r) {
      concurrent.emplace_back([&] {
        auto own = server.Client();
        for (int round = 0; round < 3; ++round) {
          for (std::size_t i = 0; i < digests.size(); ++i) {
            auto res = own->Get("/api/v1/images/" + digests[i], Bearer(token));
            if (!res || res->status != 200 || json::parse(res->body) != stored[i]) {
              std::lock_guard lock(mutex);
              differences.push_back(digests[i]);
            }
          }
          auto res = own->Get("/api/v1/vulnerabilities/" + finding + "/affected", Bearer(token));
          if (!res || res->status != 200 || json::parse(res->body) != affected_alone) {
            std::lock_guard lock(mutex);
            differences.push_back("affected " + finding);
          }
        }
      });
    }
  }
  EXPECT_TRUE(differences.empty()) << ::testing::PrintToString(differences);
  auto metrics = client->Get("/metrics", Bearer(token));
  ASSERT_TRUE(metrics);
  EXPECT_EQ(Sample(metrics->body, "drydock_scans_total{outcome=\"ok\"}"), 3);
  EXPECT_EQ(Sample(metrics->body, "drydock_scans_total{outcome=\"error\"}"), 0);
  EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace drydock::e2e
