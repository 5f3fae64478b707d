#include "match/affected_range.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

const VersionScheme& Apk() { return *SchemeForEcosystem("Alpine:v3.10"); }

Affected WithRanges(std::vector<AffectedRange> ranges, std::vector<std::string> versions = {}) {
  return Affected{"Alpine:v3.10", "musl", std::move(ranges), std::move(versions), "fixed"};
}

TEST(FindAffectedHitTest, RangeBounds) {
  struct Case {
    AffectedRange range;
    const char* version;
    bool holds;
    const char* statement;
  };
  const Case cases[] = {
      {{"", "1.1.22-r3", ""}, "1.1.22-r2", true, "1.1.22-r2 < 1.1.22-r3 (fixed)"},
      {{"0", "1.1.22-r3", ""}, "1.1.22-r3", false, ""},
      {{"0", "1.1.22-r3", ""}, "1.1.22-r4", false, ""},
      {{"1.1.20-r0", "1.1.22-r3", ""}, "1.1.19-r0", false, ""},
      {{"1.1.20-r0", "1.1.22-r3", ""}, "1.1.20-r0", true, "1.1.20-r0 <= 1.1.20-r0 < 1.1.22-r3 (fixed)"},
      {{"", "", "2.0-r1"}, "2.0-r1", true, "2.0-r1 <= 2.0-r1 (last affected, no fix)"},
      {{"", "", "2.0-r1"}, "2.0-r2", false, ""},
      {{"", "", ""}, "9.9-r9", true, "9.9-r9 >= 0 (no fix)"},
      {{"3.0", "", ""}, "3.1", true, "3.1 >= 3.0 (no fix)"},
      {{"3.0", "", ""}, "2.9", false, ""},
      {{"0", "1.0", ""}, "", true, " < 1.0 (fixed)"},  // garbage below every real version is still held
  };
  for (const Case& c : cases) {
    const auto hit = FindAffectedHit(WithRanges({c.range}), c.version, Apk());
    ASSERT_EQ(hit.has_value(), c.holds) << c.version << " in " << c.range.introduced << ".." << c.range.fixed;
    if (hit) {
      EXPECT_EQ(hit->statement, c.statement);
    }
  }
}

TEST(FindAffectedHitTest, UnfixedRangeBeatsHighestFixBeatsListing) {
  const Affected affected = WithRanges({{"0", "1.5", ""}, {"1.0", "2.0", ""}}, {"1.2"});
  auto hit = FindAffectedHit(affected, "1.2", Apk());
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, AffectedHit::Kind::kFixed);
  EXPECT_EQ(hit->fixed, "2.0");  // 1.5 would still be inside [1.0, 2.0)

  hit = FindAffectedHit(WithRanges({{"0", "1.5", ""}, {"1.0", "", ""}}), "1.2", Apk());
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, AffectedHit::Kind::kNoFix);
  EXPECT_EQ(hit->fixed, "");

  hit = FindAffectedHit(WithRanges({{"0", "1.0", ""}}, {"1.2", "1.3"}), "1.2", Apk());
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->kind, AffectedHit::Kind::kListed);
  EXPECT_EQ(hit->statement, "1.2 listed as affected");
  EXPECT_FALSE(FindAffectedHit(WithRanges({}, {"1.3"}), "1.2", Apk()));
}

}  // namespace
}  // namespace drydock
