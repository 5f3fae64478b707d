#include "catalog/os/os_release.h"

#include <gtest/gtest.h>

#include "catalog/testdata.h"

namespace drydock {
namespace {

TEST(ReleaseFieldsTest, QuotingFollowsOsRelease5) {
  auto fields = ParseReleaseFields(
      "# comment\n"
      "  ID=debian\n"
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "SINGLE='it''s $x'\n"
      "ESCAPED=\"a \\\"q\\\" \\$HOME \\\\ \\n\"\n"
      "BARE=a\\ b\n"
      "TRAIL=\"x\"   # comment\n"
      "CRLF=\"y\"\r\n"
      "EMPTY=\n"
      "LAST=1");
  ASSERT_TRUE(fields.has_value());
  const ReleaseFields want = {{"ID", "debian"},     {"PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)"},
                              {"SINGLE", "its $x"}, {"ESCAPED", "a \"q\" $HOME \\ \\n"},
                              {"BARE", "a b"},      {"TRAIL", "x"},
                              {"CRLF", "y"},        {"EMPTY", ""},
                              {"LAST", "1"}};
  EXPECT_EQ(*fields, want);
}

TEST(ReleaseFieldsTest, SkipsLinesThatAreNotAssignments) {
  auto fields = ParseReleaseFields(
      "no equals sign\n=novalue\n1ID=x\nBAD-KEY=x\nOPEN=\"never closed\nOPEN2='x\nSPLIT=a b\nID=alpine\n");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(*fields, (ReleaseFields{{"ID", "alpine"}}));
}

TEST(ReleaseFieldsTest, RejectsNulAndOversizedFiles) {
  EXPECT_FALSE(ParseReleaseFields(std::string_view("ID=a\0", 5)).has_value());
  EXPECT_FALSE(ParseReleaseFields(std::string(kMaxReleaseFileBytes + 1, '#')).has_value());
}

struct OsReleaseCase {
  std::string path;
  Distro want;
};

// Expected values read from each file's text.
TEST(OsReleaseTest, RealFiles) {
  const OsReleaseCase cases[] = {
      {"quay+claircore/debian/testdata/dist/12/etc/os-release",
       {"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"}},
      {"quay+claircore/debian/testdata/dist/7/etc/os-release",
       {"debian", "7", "", "Debian GNU/Linux 7 (wheezy)"}},
      {"quay+claircore/ubuntu/testdata/dist/22.04/etc/os-release",
       {"ubuntu", "22.04", "jammy", "Ubuntu 22.04 LTS"}},
      {"quay+claircore/ubuntu/testdata/dist/12.04/etc/os-release",
       {"ubuntu", "12.04", "", "Ubuntu precise (12.04.5 LTS)"}},
      {"anchore+syft/syft/linux/testdata/os/alpine/etc/os-release",
       {"alpine", "3.11.6", "", "Alpine Linux v3.11"}},
      {"anchore+syft/syft/linux/testdata/os/wolfi/etc/os-release", {"wolfi", "20220914", "", "Wolfi"}},
      {"anchore+syft/syft/linux/testdata/unprintable",
       {"debian", "8", "", "Debian GNU/Linux 8 (jessie)"}},  // CRLF
      {"anchore+syft/syft/linux/testdata/os/empty/etc/os-release", {}},
      {"generated/debian-sid/etc/os-release", {"debian", "", "forky", "Debian GNU/Linux forky/sid"}},
  };
  for (const auto& [path, want] : cases) {
    auto fields = ParseReleaseFields(TestData(path));
    ASSERT_TRUE(fields.has_value()) << path;
    EXPECT_EQ(DistroFromOsRelease(*fields), want) << path;
  }
}

TEST(LsbReleaseTest, OldUbuntu) {
  auto fields = ParseReleaseFields(TestData("quay+claircore/ubuntu/testdata/dist/10.04/etc/lsb-release"));
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(DistroFromLsbRelease(*fields), (Distro{"ubuntu", "10.04", "lucid", "Ubuntu 10.04 LTS"}));
}

TEST(LegacyReleaseTest, AlpineRelease) {
  auto distro = ParseAlpineRelease("3.10.3\n");
  ASSERT_TRUE(distro.has_value());
  EXPECT_EQ(*distro, (Distro{"alpine", "3.10.3", "", "Alpine Linux 3.10.3"}));
  EXPECT_EQ(ParseAlpineRelease("3.21.0_alpha20240807").value().version, "3.21.0_alpha20240807");
  for (std::string_view bad : {"", "\n3.10", "edge of the world", "v3.10"}) {
    EXPECT_FALSE(ParseAlpineRelease(bad).has_value()) << bad;
  }
}

TEST(LegacyReleaseTest, DebianVersion) {
  const std::pair<std::string, Distro> cases[] = {
      {"12.4\n", {"debian", "12.4", "", "Debian GNU/Linux 12.4"}},
      {"bookworm/sid\r\n", {"debian", "", "bookworm", "Debian GNU/Linux bookworm/sid"}},
      {TestData("aquasecurity+trivy/pkg/fanal/analyzer/os/debian/testdata/debian_sid/etc/debian_version"),
       {"debian", "", "buster", "Debian GNU/Linux buster/sid"}},
      {TestData("generated/debian-bookworm/etc/debian_version"),
       {"debian", "12.15", "", "Debian GNU/Linux 12.15"}},
      {"sid", {"debian", "", "sid", "Debian GNU/Linux sid"}},
  };
  for (const auto& [bytes, want] : cases) {
    auto distro = ParseDebianVersion(bytes);
    ASSERT_TRUE(distro.has_value()) << bytes;
    EXPECT_EQ(*distro, want) << bytes;
  }
  for (std::string_view bad : {"", "/sid", "Bookworm", "12 4", "x\x01"}) {
    EXPECT_FALSE(ParseDebianVersion(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace drydock
