#include "source/walk_threads.h"

#include <algorithm>
#include <utility>

namespace drydock {

WalkThreads::WalkThreads(std::size_t total) : total_(std::max<std::size_t>(total, 1)) {}

WalkThreads::Slot::~Slot() {
  if (owner_ != nullptr) owner_->Give();
}

std::optional<WalkThreads::Slot> WalkThreads::TryTake() {
  std::size_t running = running_.load();
  do {
    if (running >= total_) return std::nullopt;
  } while (!running_.compare_exchange_weak(running, running + 1));
  std::size_t peak = peak_.load();
  while (running + 1 > peak && !peak_.compare_exchange_weak(peak, running + 1)) {
  }
  return Slot(this);
}

void WalkThreads::Give() { running_.fetch_sub(1); }

// Marked lent before the share is handed back, so whoever sees a helper that took it also sees the caller lent.
WalkThreads::Lent WalkThreads::LendCaller() {
  caller_lent_.store(true);
  Give();
  return Lent(this);
}

// Every helper has ended by now (the walkers that owned their streams were joined), so the share is free again.
WalkThreads::Lent::~Lent() {
  owner_->running_.fetch_add(1);
  owner_->caller_lent_.store(false);
}

}  // namespace drydock
