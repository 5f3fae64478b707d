// The threads one image walk may run at once. The user's --threads bounds them all, the caller's own thread
// included: a second layer walker and an inflate-ahead helper each hold a slot while they run, so a walk with
// room for two threads runs two, never four. A thread that only waits for the others does not run: the caller,
// once its layers are done, lends its share to a helper until the walkers end.
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

  // The caller's thread only waits from now until the guard ends (it joins the walkers): its share goes to an
  // inflate-ahead helper meanwhile, so the last large layer is not inflated and walked by one core alone.
  class Lent {
   public:
    Lent(const Lent&) = delete;
    Lent& operator=(const Lent&) = delete;
    ~Lent();

   private:
    friend class WalkThreads;
    explicit Lent(WalkThreads* owner) : owner_(owner) {}
    WalkThreads* owner_;
  };
  [[nodiscard]] Lent LendCaller();
  // True while the caller's thread waits with its share lent: a test counting the OS's threads leaves it out.
  bool caller_lent() const { return caller_lent_.load(); }

  std::size_t total() const { return total_; }
  // The most threads running at once so far, the caller's included: what a test checks against total().
  std::size_t peak() const { return peak_.load(); }

 private:
  void Give();

  const std::size_t total_;
  std::atomic<std::size_t> running_{1};  // the caller's thread
  std::atomic<std::size_t> peak_{1};
  std::atomic<bool> caller_lent_{false};
};

}  // namespace drydock
