#include "common/package_name.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// The examples PEP 503 gives, and names as the PyPA advisory DB spells them ("jw.util").
TEST(NormalizePypiNameTest, FollowsPep503) {
  EXPECT_EQ(NormalizePypiName("friendly-bard"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("Friendly-Bard"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("FRIENDLY-BARD"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("friendly.bard"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("friendly_bard"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("friendly--bard"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("FrIeNdLy-._.-bArD"), "friendly-bard");
  EXPECT_EQ(NormalizePypiName("jw.util"), "jw-util");
  EXPECT_EQ(NormalizePypiName(""), "");
}

}  // namespace
}  // namespace drydock
