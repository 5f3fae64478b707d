#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "catalog/dpkg/dpkg.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr std::string_view kScalibr = "google+osv-scalibr/extractor/filesystem/os/dpkg/testdata/dpkg/";
constexpr std::string_view kSyft = "anchore+syft/syft/pkg/cataloger/debian/testdata/var/lib/dpkg/status.d/";

std::set<std::string> Names(const std::vector<Package>& packages) {
  std::set<std::string> names;
  for (const Package& p : packages) names.insert(p.name);
  return names;
}

std::string ErrorOf(const Result<std::vector<Package>>& parsed) {
  return parsed ? std::string("no error") : parsed.error().message;
}

TEST(DpkgFilesOnDiskTest, EveryStateButNotInstalledAndConfigFiles) {
  for (std::string_view on :
       {"install ok installed", "deinstall reinstreq installed", "hold ok unpacked",
        "install reinstreq half-installed", "install ok half-configured", "install ok triggers-awaited",
        "install ok triggers-pending", " install  ok\tinstalled "}) {
    auto got = DpkgFilesOnDisk(on);
    ASSERT_TRUE(got.has_value()) << on;
    EXPECT_TRUE(*got) << on;
  }
  for (std::string_view off :
       {"deinstall ok config-files", "purge ok not-installed", "unknown ok not-installed"}) {
    auto got = DpkgFilesOnDisk(off);
    ASSERT_TRUE(got.has_value()) << off;
    EXPECT_FALSE(*got) << off;
  }
  for (std::string_view bad :
       {"", "installed", "install ok", "install ok installed extra", "install ok gone"}) {
    EXPECT_FALSE(DpkgFilesOnDisk(bad).has_value()) << bad;
  }
}

// Values checked against the file text: scalibr's statusfield has one stanza per state.
TEST(DpkgStatusTest, KeepsPackagesWhoseFilesAreOnDisk) {
  auto parsed = ParseDpkgStatus(TestData(std::string(kScalibr) + "statusfield"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(Names(*parsed),
            (std::set<std::string>{"wantinstall_installed", "wantdeinstall_installed", "wantinstall_unpacked",
                                   "wantpurge_installed", "wantinstall_halfinstalled", "wantnostatus"}));
}

TEST(DpkgStatusTest, ReadsNameVersionArchAndSource) {
  auto parsed = ParseDpkgStatus(TestData(std::string(kSyft) + "coreutils-relationships"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 9u);
  const Package& coreutils = (*parsed)[0];
  EXPECT_EQ(std::tie(coreutils.name, coreutils.version, coreutils.arch, coreutils.ecosystem),
            std::tie("coreutils", "9.1-1", "arm64", "deb"));
  EXPECT_EQ(coreutils.source_name, "coreutils");  // no Source: the package is its own source
  EXPECT_EQ(coreutils.source_version, "");
  const Package& selinux = (*parsed)[7];  // "Source: libselinux (3.4-1)", "Version: 3.4-1+b6"
  EXPECT_EQ(std::tie(selinux.name, selinux.source_name, selinux.source_version),
            std::tie("libselinux1", "libselinux", "3.4-1"));
  const Package& gmp = (*parsed)[6];
  EXPECT_EQ(std::tie(gmp.version, gmp.source_name, gmp.source_version),
            std::tie("2:6.2.1+dfsg1-1.1", "gmp", ""));
}

TEST(DpkgStatusTest, SourceVersionOnlyWhenItDiffers) {
  auto parsed = ParseDpkgStatus(
      "Package: a\nVersion: 1.0\nSource: s (1.0)\n\nPackage: b\nVersion: 1.0+b1\n"
      "Source: s (1.0)\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ((*parsed)[0].source_version, "");
  EXPECT_EQ((*parsed)[1].source_version, "1.0");
  EXPECT_FALSE(ParseDpkgStatus("Package: a\nVersion: 1\nSource: s (1.0\n").has_value());
  EXPECT_FALSE(ParseDpkgStatus("Package: a\nVersion: 1\nSource: s (1.0) junk\n").has_value());
  EXPECT_FALSE(ParseDpkgStatus("Package: a\nVersion: 1\nSource: (1.0)\n").has_value());
}

TEST(DpkgStatusTest, RealFilesThatParse) {
  const std::pair<std::string, std::set<std::string>> cases[] = {
      {std::string(kScalibr) + "single", {"acl"}},
      {std::string(kScalibr) + "trailingnewlines", {"acl"}},
      {std::string(kScalibr) + "status.d/foo", {"foo"}},  // bar is config-files only
      {std::string(kScalibr) + "empty", {}},
      {std::string(kSyft) + "single", {"apt"}},
      {std::string(kSyft) + "deinstall", {"linux-image-6.14.0-1012-aws"}},
      {"quay+claircore/dpkg/testdata/debian-only.status", {"debian-archive-keyring"}},
  };
  for (const auto& [path, want] : cases) {
    auto parsed = ParseDpkgStatus(TestData(path));
    ASSERT_TRUE(parsed.has_value()) << path << ": " << parsed.error().message;
    EXPECT_EQ(Names(*parsed), want) << path;
  }
}

// Every malformed stanza fails the whole file, with the line that broke it.
TEST(DpkgStatusTest, RealFilesThatAreErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {std::string(kScalibr) + "invalid", "line 1: no ':'"},
      {std::string(kScalibr) + "nopackage", "stanza at line 5: no Package field"},
      {std::string(kScalibr) + "noversion", "stanza at line 5: package acl: no Version field"},
      {std::string(kSyft) + "corrupt", "line 5: no ':'"},
      {std::string(kSyft) + "empty", "stanza at line 1: empty Package"},
      {std::string(kSyft) + "multiple", "stanza at line 1: empty Package"},
      {std::string(kSyft) + "libpam-runtime", "stanza at line 15: package debconf1: no Version field"},
      {"quay+claircore/dpkg/testdata/vcpkg.status", "package curl: no Version field"},
  };
  for (const auto& [path, want] : cases) {
    const std::string message = ErrorOf(ParseDpkgStatus(TestData(path)));
    EXPECT_NE(message.find(want), std::string::npos) << path << ": " << message;
  }
}

// claircore's texlive file: 357 stanzas, each "Status: install ok installed" (checked with grep).
TEST(DpkgStatusTest, LargeRealFile) {
  const std::string bytes = TestData("quay+claircore/dpkg/testdata/texlive.status");
  auto parsed = ParseDpkgStatus(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->size(), 357u);
}

TEST(DpkgStatusTest, HostileInput) {
  const std::string long_line = "Package: a\nVersion: 1\nDescription: " + std::string(100'000, 'x') + "\n";
  EXPECT_TRUE(ParseDpkgStatus(long_line).has_value());
  EXPECT_TRUE(ParseDpkgStatus("Package: a\r\nVersion: 1\r\n\r\nPackage: b\r\nVersion: 2").has_value());
  const std::string rejected[] = {
      "Package: " + std::string(100'000, 'a') + "\nVersion: 1\n",
      std::string("Package: a\nVersion: 1\0\n", 23),
      "Package: a\nVersion: 1\n\nPackage: b\nVers",  // truncated mid-field
      "Package: a\nVersion: 1 2\n",
      "Package: a\nVersion: 1\nArchitecture: \n",
      "Package: a\nVersion: 1\nStatus: install ok\n",
      "Package: a\nVersion: 1\n\n:\n",
      std::string(kMaxStatusFileBytes + 1, '\n'),
  };
  for (const std::string& bytes : rejected) {
    EXPECT_FALSE(ParseDpkgStatus(bytes).has_value()) << bytes.substr(0, 80);
  }
}

TEST(DpkgStatusTest, NotInstalledStanzasMayLackAVersion) {
  auto parsed = ParseDpkgStatus("Package: gone\nStatus: purge ok not-installed\nArchitecture: amd64\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->empty());
}

TEST(DpkgCatalogerTest, WantsStatusAndStatusDButNotChecksums) {
  const DpkgCataloger cataloger;
  for (std::string_view yes :
       {"var/lib/dpkg/status", "var/lib/dpkg/status.d/base-files", "var/lib/dpkg/status.d/libc6"}) {
    EXPECT_TRUE(cataloger.Required(yes)) << yes;
  }
  for (std::string_view no : {"var/lib/dpkg/status-old", "var/lib/dpkg/status.d/libc6.md5sums",
                              "var/lib/dpkg/status.d/", "var/lib/dpkg/status.d/a/b", "/var/lib/dpkg/status",
                              "usr/var/lib/dpkg/status", "var/lib/dpkg/available"}) {
    EXPECT_FALSE(cataloger.Required(no)) << no;
  }
  auto parsed =
      cataloger.Parse("var/lib/dpkg/status.d/foo", TestData(std::string(kScalibr) + "status.d/foo"));
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].path, "var/lib/dpkg/status.d/foo");
  EXPECT_EQ((*parsed)[0].version, "1.2.3");
  EXPECT_EQ((*parsed)[0].arch, "amd64");
}

}  // namespace
}  // namespace drydock
