#include "scanner/thread_budget.h"

#include <algorithm>
#include <utility>

namespace drydock {

ThreadBudget::ThreadBudget(std::size_t total) : total_(std::max<std::size_t>(total, 1)) {}

ThreadBudget::Lease::Lease(Lease&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), threads_(std::exchange(other.threads_, 0)) {}

ThreadBudget::Lease& ThreadBudget::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (budget_ != nullptr) budget_->Release(threads_);
    budget_ = std::exchange(other.budget_, nullptr);
    threads_ = std::exchange(other.threads_, 0);
  }
  return *this;
}

ThreadBudget::Lease::~Lease() {
  if (budget_ != nullptr) budget_->Release(threads_);
}

ThreadBudget::Lease ThreadBudget::Acquire(std::size_t wanted, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (!freed_.wait(lock, stop, [&] { return in_use_ < total_; })) return Lease();
  std::size_t free = total_ - in_use_;
  std::size_t granted = wanted == 0 ? free : std::min(wanted, free);
  in_use_ += granted;
  peak_ = std::max(peak_, in_use_);
  return Lease(this, granted);
}

void ThreadBudget::Release(std::size_t threads) {
  {
    std::lock_guard lock(mutex_);
    in_use_ -= threads;
  }
  freed_.notify_all();
}

std::size_t ThreadBudget::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

std::size_t ThreadBudget::peak_in_use() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace drydock
