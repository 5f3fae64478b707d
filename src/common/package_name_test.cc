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

// Labels as rpm headers and Red Hat's purls (rpmmod=) carry them, and ones that name no stream.
TEST(RpmModuleStreamTest, FirstTwoFieldsOrNothing) {
  EXPECT_EQ(RpmModuleStream("perl-FCGI:0.78:8100020250529111022:491cfe3d"), "perl-FCGI:0.78");
  EXPECT_EQ(RpmModuleStream("python39-devel:3.9"), "python39-devel:3.9");
  EXPECT_EQ(RpmModuleStream("go-toolset:rhel8"), "go-toolset:rhel8");
  EXPECT_EQ(RpmModuleStream("nodejs:18:9030:abc"), "nodejs:18");
  for (const char* bad : {"", "rhel10", ":", "a:", ":b", "a b:c", "a:b c", "a::b", "x\n:y", "a:%2F"}) {
    EXPECT_EQ(RpmModuleStream(bad), "") << bad;
  }
  EXPECT_EQ(ModularPackageKey("perl-FCGI:0.78", "perl-FCGI"), "perl-FCGI:0.78::perl-FCGI");
}

}  // namespace
}  // namespace drydock
