#include "scanner/db_age.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

constexpr std::time_t kNow = 1'796'169'600;  // 2026-12-02T00:00:00Z (date -u -d @1796169600)

TEST(DbAge, WarnsOnlyPastTheLimit) {
  DbInfo fresh{.built_at = "2026-12-01T12:00:00Z"};
  DbInfo old{.built_at = "2026-11-20T00:00:00Z"};
  EXPECT_FALSE(DbAgeWarning(fresh, 24, false, kNow));
  auto warning = DbAgeWarning(old, 24 * 7, false, kNow);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("12 days"), std::string::npos) << *warning;
  EXPECT_NE(warning->find("drydock db update"), std::string::npos);
  auto offline = DbAgeWarning(old, 24 * 7, true, kNow);
  ASSERT_TRUE(offline);
  EXPECT_NE(offline->find("--offline"), std::string::npos);
  EXPECT_FALSE(DbAgeWarning(old, 0, false, kNow));  // 0 = never
}

TEST(DbAge, UnreadableBuildTimeIsReported) {
  for (const char* bad : {"", "yesterday", "2026-13"}) {
    EXPECT_TRUE(DbAgeWarning(DbInfo{.built_at = bad}, 24, false, kNow)) << bad;
  }
}

}  // namespace
}  // namespace drydock
