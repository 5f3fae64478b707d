// Workers over the store's durable job queue. Each worker claims a job with a lease, runs it while a heartbeat
// extends the lease, and completes or fails it fenced by the lease token. A reaper re-queues jobs whose lease
// expired (their worker was killed), so another worker, in this process or another, runs them again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "drydock/error.h"
#include "store/store.h"

namespace drydock {

struct WorkerConfig {
  std::string owner;  // this process's name in leases: "host:pid"
  int workers = 2;
  std::chrono::milliseconds lease{30'000};
  std::chrono::milliseconds heartbeat{10'000};  // well inside the lease
  std::chrono::milliseconds poll{500};           // an idle worker looks for work this often
  std::chrono::milliseconds reap_every{5'000};
  std::chrono::milliseconds retry_base{2'000};   // backoff: base * 2^(attempt-1), capped
  std::chrono::milliseconds retry_cap{300'000};
};

// Runs one job; its result (an image digest) is kept on the job. The stop token fires when the pool stops or
// the lease was lost; the handler should return promptly (a scan's stop_token). Errors of kInvalidInput,
// kNotFound, kUnauthorized, kForbidden or kTooLarge are permanent (no retry); others are retried with backoff.
using JobHandler = std::function<Result<std::string>(const Job& job, std::stop_token stop)>;

// Completed-job figures for /metrics.
struct JobStats {
  std::vector<double> bucket_seconds;        // histogram upper bounds
  std::vector<std::uint64_t> bucket_counts;  // cumulative, as Prometheus wants
  double sum_seconds = 0;
  std::uint64_t count = 0, succeeded = 0, failed = 0;
};

class WorkerPool {
 public:
  WorkerPool(Store& store, JobHandler handler, WorkerConfig config);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Start();
  // Stops claiming, cancels running jobs and hands them back to the queue unfinished; joins every thread.
  void Stop();
  // Wakes idle workers at once (a job was just enqueued in this process).
  void Nudge();
  JobStats Stats() const;

 private:
  void Work(std::stop_token stop, int index);
  void Reap(std::stop_token stop);
  void Run(const Job& job, std::stop_token stop);
  void Record(double seconds, bool ok);

  Store& store_;
  JobHandler handler_;
  WorkerConfig config_;
  std::vector<std::jthread> threads_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::uint64_t nudges_ = 0;
  mutable std::mutex stats_mutex_;
  JobStats stats_;
};

// Now, in milliseconds since the epoch: the queue's clock.
std::int64_t NowMs();

}  // namespace drydock
