#include "vulndb/cvss.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// Scores checked against the FIRST v3.1 calculator.
TEST(CvssTest, BaseScoresMatchTheSpecification) {
  const std::pair<const char*, double> cases[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
      {"CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0},
      // Temporal metrics are ignored.
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O", 9.8},
  };
  for (const auto& [vector, score] : cases) {
    auto got = CvssV3BaseScore(vector);
    ASSERT_TRUE(got.has_value()) << vector;
    EXPECT_DOUBLE_EQ(*got, score) << vector;
  }
}

TEST(CvssTest, RejectsVectorsTheSpecDoesNotDefine) {
  const char* bad[] = {
      "",
      "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",                   // no version prefix
      "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",                    // v2
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",               // A missing
      "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",           // unknown value
      "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",      // repeated
      "CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",          // value too long
      "CVSS:3.1/AV/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",             // no colon
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",          // trailing slash
  };
  for (const char* vector : bad) EXPECT_FALSE(CvssV3BaseScore(vector).has_value()) << vector;
}

TEST(CvssTest, RatingsAndWords) {
  EXPECT_EQ(CvssRating(9.0), "CRITICAL");
  EXPECT_EQ(CvssRating(8.9), "HIGH");
  EXPECT_EQ(CvssRating(4.0), "MEDIUM");
  EXPECT_EQ(CvssRating(0.1), "LOW");
  EXPECT_EQ(CvssRating(0.0), "NONE");
  EXPECT_EQ(NormalizeSeverityWord("Moderate"), "MEDIUM");
  EXPECT_EQ(NormalizeSeverityWord("important"), "HIGH");
  EXPECT_EQ(NormalizeSeverityWord("CRITICAL"), "CRITICAL");
  EXPECT_EQ(NormalizeSeverityWord("medium"), "MEDIUM");
  EXPECT_EQ(NormalizeSeverityWord("whatever"), "UNKNOWN");
  EXPECT_EQ(NormalizeSeverityWord(""), "UNKNOWN");
}

}  // namespace
}  // namespace drydock
