// The admission caches: entries expire on their own TTL, a zero TTL stores nothing, and a full cache drops the
// expired entries first, then everything, rather than growing.
#include "server/ttl_cache.h"

#include <gtest/gtest.h>

#include <thread>

namespace drydock {
namespace {

using std::chrono::milliseconds;

TEST(TtlCache, EntriesExpireOnTheirOwnTtl) {
  TtlCache<int> cache;
  cache.Put("allowed", 1, milliseconds(60000));
  cache.Put("denied", 2, milliseconds(30));
  cache.Put("off", 3, milliseconds(0));
  EXPECT_EQ(cache.Get("allowed"), 1);
  EXPECT_EQ(cache.Get("denied"), 2);
  EXPECT_FALSE(cache.Get("off"));  // caching turned off for that answer
  std::this_thread::sleep_for(milliseconds(60));
  EXPECT_FALSE(cache.Get("denied"));
  EXPECT_EQ(cache.Get("allowed"), 1);
  cache.Put("allowed", 4, milliseconds(60000));  // replaced, not duplicated
  EXPECT_EQ(cache.Get("allowed"), 4);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(TtlCache, AFullCacheDoesNotGrow) {
  TtlCache<int> cache(3);
  cache.Put("a", 1, milliseconds(20));
  cache.Put("b", 2, milliseconds(60000));
  cache.Put("c", 3, milliseconds(60000));
  std::this_thread::sleep_for(milliseconds(40));
  cache.Put("d", 4, milliseconds(60000));  // "a" expired: it goes, the live ones stay
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.Get("b"), 2);
  cache.Put("e", 5, milliseconds(60000));  // nothing expired: start over rather than grow
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Get("e"), 5);
}

}  // namespace
}  // namespace drydock
