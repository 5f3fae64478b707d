#include "jobs/worker_pool.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace drydock {
namespace {

using namespace std::chrono_literals;

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("drydock-jobs-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = std::move(*OpenStore("sqlite:" + (dir_ / "store.db").string()));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static WorkerConfig Fast(int workers) {
    return {.owner = "test", .workers = workers, .lease = 2000ms, .heartbeat = 100ms, .poll = 20ms,
            .reap_every = 50ms, .retry_base = 10ms, .retry_cap = 50ms};
  }
  JobState WaitFor(std::int64_t id, std::chrono::milliseconds limit = 10s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      auto job = store_->GetJob(id);
      JobState state = job && *job ? (*job)->state : JobState::kQueued;
      if (state == JobState::kDone || state == JobState::kFailed || std::chrono::steady_clock::now() > until) {
        return state;
      }
      std::this_thread::sleep_for(10ms);
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(WorkerPoolTest, EveryJobRunsExactlyOnce) {
  std::mutex mutex;
  std::map<std::string, int> runs;
  WorkerPool pool(*store_, [&](const Job& job, std::stop_token) -> Result<std::string> {
    std::lock_guard lock(mutex);
    ++runs[job.payload];
    return "sha256:" + job.payload;
  }, Fast(3));
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(store_->Enqueue({.kind = "scan", .payload = std::to_string(i), .dedupe_key = std::to_string(i)}, NowMs())->id);
  pool.Start();
  for (std::int64_t id : ids) EXPECT_EQ(WaitFor(id), JobState::kDone);
  pool.Stop();
  EXPECT_EQ(runs.size(), 30u);
  for (const auto& [payload, n] : runs) EXPECT_EQ(n, 1) << payload;
  EXPECT_EQ((*store_->GetJob(ids[7]))->result, "sha256:7");
  EXPECT_EQ(pool.Stats().succeeded, 30u);
}

TEST_F(WorkerPoolTest, TransientErrorsRetryPermanentOnesFailAtOnce) {
  std::atomic<int> flaky_runs{0}, bad_runs{0};
  WorkerPool pool(*store_, [&](const Job& job, std::stop_token) -> Result<std::string> {
    if (job.payload == "flaky") {
      if (++flaky_runs < 3) return FailWith(ErrorCode::kUnavailable, "registry 503");
      return std::string("sha256:ok");
    }
    ++bad_runs;
    return FailWith(ErrorCode::kInvalidInput, "\"Bad:Ref\": invalid tag");
  }, Fast(1));
  auto flaky = store_->Enqueue({.kind = "scan", .payload = "flaky", .dedupe_key = "f", .max_attempts = 3}, NowMs());
  auto bad = store_->Enqueue({.kind = "scan", .payload = "bad", .dedupe_key = "b", .max_attempts = 3}, NowMs());
  pool.Start();
  EXPECT_EQ(WaitFor(flaky->id), JobState::kDone);
  EXPECT_EQ(WaitFor(bad->id), JobState::kFailed);
  pool.Stop();
  EXPECT_EQ(flaky_runs, 3);
  EXPECT_EQ(bad_runs, 1);
  EXPECT_EQ((*store_->GetJob(bad->id))->error, "\"Bad:Ref\": invalid tag");
}

TEST_F(WorkerPoolTest, AJobOfAWorkerThatDiedIsReapedAndRunElsewhere) {
  auto id = store_->Enqueue({.kind = "scan", .payload = "x", .dedupe_key = "x"}, NowMs())->id;
  // A worker (another process) claims it with a short lease and then dies: no heartbeat, no completion.
  auto dead = store_->Claim("killed-process/0", NowMs(), 100);
  ASSERT_TRUE(dead && *dead);
  WorkerPool pool(*store_, [&](const Job& job, std::stop_token) -> Result<std::string> {
    return "done-by-" + std::to_string(job.attempts);
  }, Fast(1));
  pool.Start();
  EXPECT_EQ(WaitFor(id), JobState::kDone);
  pool.Stop();
  EXPECT_EQ((*store_->GetJob(id))->result, "done-by-2");
  EXPECT_FALSE(*store_->Complete(id, (*dead)->lease_token, "stale", NowMs()));  // the dead one is fenced out
}

TEST_F(WorkerPoolTest, StoppingCancelsTheRunningJobAndHandsItBack) {
  std::atomic<bool> started{false};
  WorkerPool pool(*store_, [&](const Job&, std::stop_token stop) -> Result<std::string> {
    started = true;
    while (!stop.stop_requested()) std::this_thread::sleep_for(5ms);
    return FailWith(ErrorCode::kCancelled, "scan cancelled");
  }, Fast(1));
  auto id = store_->Enqueue({.kind = "scan", .payload = "slow", .dedupe_key = "s"}, NowMs())->id;
  pool.Start();
  while (!started) std::this_thread::sleep_for(5ms);
  const auto stopping = std::chrono::steady_clock::now();
  pool.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 1s);
  auto job = store_->GetJob(id);
  EXPECT_EQ((*job)->state, JobState::kQueued);  // for the next server to run
  EXPECT_EQ((*job)->attempts, 0);
}

}  // namespace
}  // namespace drydock
