// The threads one image walk may run at once. The user's --threads bounds them all, the caller's own thread
// included: a second layer walker and an inflate-ahead helper each hold a slot while they run, so a walk with
// room for two threads runs two, never four.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>

namespace drydock {

class WalkThreads {
 public:
  // `total` threads at once (at least 1: the caller's, which always runs and holds no slot).
  explicit WalkThreads(std::size_t total);
  WalkThreads(const WalkThreads&) = delete;
  WalkThreads& operator=(const WalkThreads&) = delete;

  // Leave to run one more thread; handed back when the Slot is destroyed (when that thread ends).
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot();

   private:
    friend class WalkThreads;
    explicit Slot(WalkThreads* owner) : owner_(owner) {}
    WalkThreads* owner_;
  };

  // A slot when one is free now; never waits (a walk that finds none does the work on its own thread).
  std::optional<Slot> TryTake();
  std::size_t total() const { return total_; }
  // The most threads running at once so far, the caller's included: what a test checks against total().
  std::size_t peak() const { return peak_.load(); }

 private:
  void Give();

  const std::size_t total_;
  std::atomic<std::size_t> running_{1};  // the caller's thread
  std::atomic<std::size_t> peak_{1};
};

}  // namespace drydock
