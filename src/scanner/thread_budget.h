// Threads shared by every scan a Scanner runs at once: two concurrent scans split the budget instead of each
// starting a thread per core. A scan holds its lease from the first layer read to the last parse.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>

namespace drydock {

class ThreadBudget {
 public:
  // `total` threads at most across all leases (at least 1).
  explicit ThreadBudget(std::size_t total);
  ThreadBudget(const ThreadBudget&) = delete;
  ThreadBudget& operator=(const ThreadBudget&) = delete;

  // Threads granted to one scan, returned when it goes away.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    std::size_t threads() const { return threads_; }

   private:
    friend class ThreadBudget;
    Lease(ThreadBudget* budget, std::size_t threads) : budget_(budget), threads_(threads) {}
    ThreadBudget* budget_ = nullptr;
    std::size_t threads_ = 0;
  };

  // Waits until at least one thread is free (or `stop` is requested: then a lease of 0), and grants up to
  // `wanted` (0 = as many as are free). The waiting is fair enough for a handful of workers: first come, first
  // woken by the condition variable.
  Lease Acquire(std::size_t wanted, std::stop_token stop = {});

  std::size_t total() const { return total_; }
  std::size_t in_use() const;
  std::size_t peak_in_use() const;  // the most threads leased at once since construction

 private:
  void Release(std::size_t threads);

  const std::size_t total_;
  mutable std::mutex mutex_;
  std::condition_variable_any freed_;
  std::size_t in_use_ = 0;
  std::size_t peak_ = 0;
};

}  // namespace drydock
