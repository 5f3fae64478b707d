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

// What the DB builder and the matcher both file a name under, per OSV ecosystem.
TEST(NormalizeOsvPackageNameTest, FoldsWhatEachRegistryFolds) {
  EXPECT_EQ(NormalizeOsvPackageName("PyPI", "Flask_Login"), "flask-login");
  EXPECT_EQ(NormalizeOsvPackageName("NuGet", "Microsoft.NetCore.App.Runtime.linux-arm"),
            "microsoft.netcore.app.runtime.linux-arm");
  EXPECT_EQ(NormalizeOsvPackageName("Packagist", "Symfony/HTTP-Kernel"), "symfony/http-kernel");
  EXPECT_EQ(NormalizeOsvPackageName("SwiftURL", "https://github.com/Apple/swift-nio.git"), "github.com/apple/swift-nio");
  EXPECT_EQ(NormalizeOsvPackageName("SwiftURL", "github.com/apple/swift-nio"), "github.com/apple/swift-nio");
  EXPECT_EQ(NormalizeOsvPackageName("SwiftURL", "git@github.com:apple/swift-nio.git"), "github.com/apple/swift-nio");
  EXPECT_EQ(NormalizeOsvPackageName("Go", "github.com/Azure/go-autorest"), "github.com/Azure/go-autorest");
  EXPECT_EQ(NormalizeOsvPackageName("Julia", "HTTP"), "HTTP");
  EXPECT_EQ(NormalizeOsvPackageName("npm", "@Babel/core"), "@Babel/core");
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
