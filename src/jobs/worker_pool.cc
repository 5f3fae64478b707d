#include "jobs/worker_pool.h"

#include <algorithm>
#include <condition_variable>

namespace drydock {
namespace {

constexpr double kDurationBuckets[] = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 300};

bool Permanent(ErrorCode code) {
  return code == ErrorCode::kInvalidInput || code == ErrorCode::kNotFound || code == ErrorCode::kUnauthorized ||
         code == ErrorCode::kForbidden || code == ErrorCode::kTooLarge;
}

}  // namespace

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WorkerPool::WorkerPool(Store& store, JobHandler handler, WorkerConfig config)
    : store_(store), handler_(std::move(handler)), config_(std::move(config)) {
  stats_.bucket_seconds.assign(std::begin(kDurationBuckets), std::end(kDurationBuckets));
  stats_.bucket_counts.assign(stats_.bucket_seconds.size(), 0);
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Start() {
  for (int i = 0; i < std::max(config_.workers, 0); ++i) {
    threads_.emplace_back([this, i](std::stop_token stop) { Work(stop, i); });
  }
  threads_.emplace_back([this](std::stop_token stop) { Reap(stop); });
}

void WorkerPool::Stop() {
  for (std::jthread& t : threads_) t.request_stop();
  wake_.notify_all();
  threads_.clear();  // joins
}

void WorkerPool::Nudge() {
  {
    std::lock_guard lock(wake_mutex_);
    ++nudges_;
  }
  wake_.notify_all();
}

void WorkerPool::Work(std::stop_token stop, int index) {
  const std::string owner = config_.owner + "/" + std::to_string(index);
  while (!stop.stop_requested()) {
    std::uint64_t seen;
    {
      std::lock_guard lock(wake_mutex_);
      seen = nudges_;
    }
    auto job = store_.Claim(owner, NowMs(), config_.lease.count());
    if (job && *job) {
      Run(**job, stop);
      continue;
    }
    // Nothing to do (or the store is busy): wait for a nudge, the poll interval, or the stop.
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, stop, config_.poll, [&] { return nudges_ != seen; });
  }
}

void WorkerPool::Run(const Job& job, std::stop_token pool_stop) {
  const auto started = std::chrono::steady_clock::now();
  std::stop_source job_stop;
  std::stop_callback forward(pool_stop, [&] { job_stop.request_stop(); });
  // The heartbeat: extends the lease while the job runs; a lost lease (reaped, taken by another worker) stops
  // the job, whose result would be refused by the fence anyway.
  std::jthread heartbeat([&](std::stop_token done) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    while (!cv.wait_for(lock, done, config_.heartbeat, [] { return false; })) {
      if (done.stop_requested()) return;
      auto alive = store_.Heartbeat(job.id, job.lease_token, NowMs(), config_.lease.count());
      if (alive && !*alive) {
        job_stop.request_stop();
        return;
      }
    }
  });
  auto result = handler_(job, job_stop.get_token());
  heartbeat.request_stop();
  heartbeat.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (pool_stop.stop_requested()) {
    (void)store_.ReleaseJob(job.id, job.lease_token);  // unfinished, not failed: another worker takes it
    return;
  }
  if (result) {
    (void)store_.Complete(job.id, job.lease_token, *result, NowMs());
    Record(seconds, true);
    return;
  }
  std::optional<std::int64_t> retry_at;
  if (!Permanent(result.error().code)) {
    auto backoff = config_.retry_base * (1LL << std::min(std::max(job.attempts - 1, 0), 20));
    retry_at = NowMs() + std::min<std::int64_t>(backoff.count(), config_.retry_cap.count());
  }
  (void)store_.FailJob(job.id, job.lease_token, result.error().message, NowMs(), retry_at);
  Record(seconds, false);
}

void WorkerPool::Reap(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  while (!stop.stop_requested()) {
    (void)store_.ReapExpired(NowMs());
    cv.wait_for(lock, stop, config_.reap_every, [] { return false; });
  }
}

void WorkerPool::Record(double seconds, bool ok) {
  std::lock_guard lock(stats_mutex_);
  for (std::size_t i = 0; i < stats_.bucket_seconds.size(); ++i) {
    if (seconds <= stats_.bucket_seconds[i]) ++stats_.bucket_counts[i];
  }
  stats_.sum_seconds += seconds;
  ++stats_.count;
  ++(ok ? stats_.succeeded : stats_.failed);
}

JobStats WorkerPool::Stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

}  // namespace drydock
