#include "scanner/thread_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace drydock {
namespace {

TEST(ThreadBudgetTest, GrantsWhatIsFreeAndWaitsWhenNoneIs) {
  ThreadBudget budget(3);
  ThreadBudget::Lease a = budget.Acquire(2);
  EXPECT_EQ(a.threads(), 2u);
  ThreadBudget::Lease b = budget.Acquire(2);  // one left: granted one, not two
  EXPECT_EQ(b.threads(), 1u);
  EXPECT_EQ(budget.in_use(), 3u);
  std::atomic<bool> got{false};
  std::jthread waiter([&] {
    ThreadBudget::Lease c = budget.Acquire(0);
    got = true;
    EXPECT_EQ(c.threads(), 2u);  // all that a's release freed
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(got);  // nothing free: it waits
  a = ThreadBudget::Lease();
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_EQ(budget.in_use(), 1u);
  EXPECT_EQ(budget.peak_in_use(), 3u);
}

TEST(ThreadBudgetTest, ConcurrentLeasesNeverExceedTheBudget) {
  ThreadBudget budget(3);
  std::atomic<std::size_t> running{0}, most{0};
  std::vector<std::jthread> scans;
  for (int s = 0; s < 6; ++s) {
    scans.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        ThreadBudget::Lease lease = budget.Acquire(2);
        std::size_t now = running += lease.threads();
        for (std::size_t seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        running -= lease.threads();
      }
    });
  }
  scans.clear();  // joins
  EXPECT_LE(most.load(), 3u);
  EXPECT_LE(budget.peak_in_use(), 3u);
  EXPECT_EQ(budget.in_use(), 0u);
}

TEST(ThreadBudgetTest, AStoppedWaiterLeavesWithNothing) {
  ThreadBudget budget(1);
  ThreadBudget::Lease held = budget.Acquire(1);
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop.request_stop();
  });
  ThreadBudget::Lease none = budget.Acquire(1, stop.get_token());
  EXPECT_EQ(none.threads(), 0u);
  EXPECT_EQ(budget.in_use(), 1u);
}

}  // namespace
}  // namespace drydock
