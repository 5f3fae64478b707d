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

}  // namespace drydock
