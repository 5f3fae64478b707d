#include "match/end_of_life.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(EndOfLifeTest, DatesByRelease) {
  EXPECT_EQ(EndOfLifeDate({"debian", "10"}), "2024-06-30");
  EXPECT_EQ(EndOfLifeDate({"debian", "10.13"}), "2024-06-30");
  EXPECT_EQ(EndOfLifeDate({"alpine", "3.10.3"}), "2021-05-01");
  EXPECT_EQ(EndOfLifeDate({"alpine", "3.1"}), "");  // not 3.10 or 3.18 by prefix
  EXPECT_EQ(EndOfLifeDate({"ubuntu", "22.04"}), "2027-06-01");
  EXPECT_EQ(EndOfLifeDate({"centos", "8"}), "2021-12-31");
  EXPECT_EQ(EndOfLifeDate({"amzn", "2"}), "2026-06-30");
  EXPECT_EQ(EndOfLifeDate({"amzn", "2023"}), "2029-06-30");
  EXPECT_EQ(EndOfLifeDate({"wolfi", ""}), "");
  EXPECT_EQ(EndOfLifeDate({"debian", ""}), "");
}

TEST(EndOfLifeTest, ComparedWithTheGivenDay) {
  EXPECT_TRUE(IsEndOfLife({"alpine", "3.10.3"}, "2021-05-01"));
  EXPECT_FALSE(IsEndOfLife({"alpine", "3.10.3"}, "2021-04-30"));
  EXPECT_TRUE(IsEndOfLife({"debian", "9"}, "2026-12-01"));
  EXPECT_FALSE(IsEndOfLife({"debian", "12"}, "2026-12-01"));
  EXPECT_FALSE(IsEndOfLife({"fedora", "39"}, "2099-01-01"));  // unknown: never claimed
  EXPECT_EQ(TodayUtc().size(), 10u);
}

}  // namespace
}  // namespace drydock
