#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/dpkg/dpkg.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr std::string_view kScalibr = "google+osv-scalibr/extractor/filesystem/os/dpkg/testdata/dpkg/";
constexpr std::string_view kSyft = "anchore+syft/syft/pkg/cataloger/debian/testdata/var/lib/dpkg/status.d/";

std::set<std::string> Names(const PackageTable& packages) {
  std::set<std::string> names;
  for (const Package& p : packages) names.insert(p.name);
  return names;
}

// Parses `bytes`, which must be readable, and checks the skipped messages (one substring per skipped stanza,
// in order) and the packages that came back.
void ExpectPartial(std::string_view label, std::string_view bytes, const std::vector<std::string>& want_skipped,
                   const std::vector<NameVersion>& want_packages) {
  auto parsed = ParseDpkgStatus(bytes);
  ASSERT_TRUE(parsed.has_value()) << label << ": " << parsed.error().message;
  ASSERT_EQ(parsed->skipped.size(), want_skipped.size()) << label << ": " << Joined(parsed->skipped);
  for (std::size_t i = 0; i < want_skipped.size(); ++i) {
    EXPECT_NE(parsed->skipped[i].find(want_skipped[i]), std::string::npos) << label << ": " << parsed->skipped[i];
  }
  EXPECT_EQ(NameVersions(parsed->packages), want_packages) << label;
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
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(Names(parsed->packages),
            (std::set<std::string>{"wantinstall_installed", "wantdeinstall_installed", "wantinstall_unpacked",
                                   "wantpurge_installed", "wantinstall_halfinstalled", "wantnostatus"}));
}

TEST(DpkgStatusTest, ReadsNameVersionArchAndSource) {
  auto parsed = ParseDpkgStatus(TestData(std::string(kSyft) + "coreutils-relationships"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 9u);
  const Package& coreutils = parsed->packages[0];
  EXPECT_EQ(std::tie(coreutils.name, coreutils.version, coreutils.arch, coreutils.ecosystem),
            std::tie("coreutils", "9.1-1", "arm64", "deb"));
  EXPECT_EQ(coreutils.source_name, "coreutils");  // no Source: the package is its own source
  EXPECT_EQ(coreutils.source_version, "");
  const Package& selinux = parsed->packages[7];  // "Source: libselinux (3.4-1)", "Version: 3.4-1+b6"
  EXPECT_EQ(std::tie(selinux.name, selinux.source_name, selinux.source_version),
            std::tie("libselinux1", "libselinux", "3.4-1"));
  const Package& gmp = parsed->packages[6];
  EXPECT_EQ(std::tie(gmp.version, gmp.source_name, gmp.source_version),
            std::tie("2:6.2.1+dfsg1-1.1", "gmp", ""));
}

TEST(DpkgStatusTest, SourceVersionOnlyWhenItDiffers) {
  auto parsed = ParseDpkgStatus(
      "Package: a\nVersion: 1.0\nSource: s (1.0)\n\nPackage: b\nVersion: 1.0+b1\n"
      "Source: s (1.0)\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 2u);
  EXPECT_EQ(parsed->packages[0].source_version, "");
  EXPECT_EQ(parsed->packages[1].source_version, "1.0");
  // A malformed Source skips its stanza only; the good stanza after it is kept.
  ExpectPartial("unclosed", "Package: a\nVersion: 1\nSource: s (1.0\n\nPackage: ok\nVersion: 2\n",
                {"stanza at line 1: package a: Source \"s (1.0\" is not \"name (version)\""}, {{"ok", "2"}});
  ExpectPartial("junk", "Package: a\nVersion: 1\nSource: s (1.0) junk\n\nPackage: ok\nVersion: 2\n",
                {"stanza at line 1: package a: Source \"s (1.0) junk\" is not"}, {{"ok", "2"}});
  ExpectPartial("no name", "Package: a\nVersion: 1\nSource: (1.0)\n\nPackage: ok\nVersion: 2\n",
                {"stanza at line 1: package a: empty Source"}, {{"ok", "2"}});
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
    EXPECT_TRUE(parsed->skipped.empty()) << path << ": " << Joined(parsed->skipped);
    EXPECT_EQ(Names(parsed->packages), want) << path;
  }
}

// A malformed stanza is skipped and listed with the line that broke it; the good stanzas of the same file still
// come back. Expected packages and skipped stanzas read off the files (`grep -nE '^(Package|Version):|^$'`).
TEST(DpkgStatusTest, RealFilesWithMalformedStanzas) {
  const std::string scalibr(kScalibr), syft(kSyft);
  // "asdf", a blank line, "yolo": two stanzas, neither has a field.
  ExpectPartial("scalibr invalid", TestData(scalibr + "invalid"),
                {"stanza at line 1: line 1: no ':'", "stanza at line 3: line 3: no ':'"}, {});
  ExpectPartial("scalibr nopackage", TestData(scalibr + "nopackage"), {"stanza at line 5: no Package field"},
                {{"foo", "1.0"}, {"bar", "2.0"}});
  ExpectPartial("scalibr noversion", TestData(scalibr + "noversion"),
                {"stanza at line 5: package acl: no Version field"}, {{"foo", "1.0"}, {"bar", "2.0"}});
  ExpectPartial("syft corrupt", TestData(syft + "corrupt"), {"stanza at line 1: line 5: no ':'"}, {});
  ExpectPartial("syft empty", TestData(syft + "empty"), {"stanza at line 1: empty Package"}, {});
  ExpectPartial("syft multiple", TestData(syft + "multiple"),
                {"stanza at line 1: empty Package", "stanza at line 3: package no-version: no Version field"},
                {{"tzdata", "2020a-0+deb10u1"}, {"util-linux", "2.33.1-0.1"}});
  // libpam-runtime is followed by five bare "Package:" stanzas (its Depends split out).
  ExpectPartial("syft libpam-runtime", TestData(syft + "libpam-runtime"),
                {"stanza at line 15: package debconf1: no Version field",
                 "stanza at line 17: package debconf2: no Version field",
                 "stanza at line 19: package debconf-2.0: no Version field",
                 "stanza at line 21: package cdebconf: no Version field",
                 "stanza at line 23: package libpam-modules: no Version field"},
                {{"libpam-runtime", "1.5.2-6+deb12u1"}});
  // vcpkg's status: 24 stanzas, 9 of them "Feature:" stanzas without a Version (3 curl, 6 libarchive).
  ExpectPartial("claircore vcpkg", TestData("quay+claircore/dpkg/testdata/vcpkg.status"),
                {"stanza at line 29: package curl: no Version field",
                 "stanza at line 37: package curl: no Version field",
                 "stanza at line 46: package curl: no Version field",
                 "stanza at line 148: package libarchive: no Version field",
                 "stanza at line 157: package libarchive: no Version field",
                 "stanza at line 166: package libarchive: no Version field",
                 "stanza at line 175: package libarchive: no Version field",
                 "stanza at line 184: package libarchive: no Version field",
                 "stanza at line 193: package libarchive: no Version field"},
                {{"libffi", "3.3"},
                 {"zlib", "1.2.11-6"},
                 {"curl", "7.68.0-1"},
                 {"bzip2", "1.0.6-5"},
                 {"liblzma", "5.2.4-4"},
                 {"libiconv", "1.16-1"},
                 {"libxml2", "2.9.9-5"},
                 {"xxhash", "0.7.0"},
                 {"lz4", "1.9.2"},
                 {"lzo", "2.10-4"},
                 {"openssl-windows", "1.1.1d-1"},
                 {"openssl", "1.1.1d"},
                 {"libarchive", "3.4.1"},
                 {"libressl", "2.9.1-2"},
                 {"libffi", "3.3"}});
}

// The syft libpam-runtime stanza that does parse keeps its full detail.
TEST(DpkgStatusTest, GoodStanzaBesideSkippedOnesKeepsItsFields) {
  auto parsed = ParseDpkgStatus(TestData(std::string(kSyft) + "libpam-runtime"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->packages.size(), 1u);
  const Package& pam = parsed->packages[0];
  EXPECT_EQ(std::tie(pam.name, pam.version, pam.arch, pam.source_name, pam.source_version, pam.ecosystem),
            std::tie("libpam-runtime", "1.5.2-6+deb12u1", "all", "pam", "", "deb"));
}

// claircore's texlive file: 357 stanzas, each "Status: install ok installed" (checked with grep).
TEST(DpkgStatusTest, LargeRealFile) {
  const std::string bytes = TestData("quay+claircore/dpkg/testdata/texlive.status");
  auto parsed = ParseDpkgStatus(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(parsed->packages.size(), 357u);
}

TEST(DpkgStatusTest, HostileInput) {
  const std::string long_line = "Package: a\nVersion: 1\nDescription: " + std::string(100'000, 'x') + "\n";
  ExpectPartial("long description", long_line, {}, {{"a", "1"}});
  ExpectPartial("crlf", "Package: a\r\nVersion: 1\r\n\r\nPackage: b\r\nVersion: 2", {}, {{"a", "1"}, {"b", "2"}});
  // Stanza-level damage: the bad stanza is skipped and listed, the good one ("ok" or "a") is kept.
  const std::string good = "Package: ok\nVersion: 9\n\n";
  ExpectPartial("long name", good + "Package: " + std::string(100'000, 'a') + "\nVersion: 1\n",
                {"stanza at line 4: Package is 100000 bytes, over the 1024 byte limit"}, {{"ok", "9"}});
  ExpectPartial("truncated mid-field", "Package: a\nVersion: 1\n\nPackage: b\nVers",
                {"stanza at line 4: line 5: no ':'"}, {{"a", "1"}});
  ExpectPartial("two-word version", good + "Package: a\nVersion: 1 2\n",
                {"stanza at line 4: package a: Version \"1 2\" holds whitespace"}, {{"ok", "9"}});
  ExpectPartial("empty arch", good + "Package: a\nVersion: 1\nArchitecture: \n",
                {"stanza at line 4: package a: empty Architecture"}, {{"ok", "9"}});
  ExpectPartial("short status", good + "Package: a\nVersion: 1\nStatus: install ok\n",
                {"stanza at line 4: package a: Status \"install ok\" is not three words"}, {{"ok", "9"}});
  ExpectPartial("nameless field", "Package: a\nVersion: 1\n\n:\n", {"stanza at line 4: line 4: field without a name"},
                {{"a", "1"}});
  // File-level damage: nothing in the file can be trusted, so the whole file is an Error.
  const std::pair<std::string, std::string> rejected[] = {
      {std::string("Package: a\nVersion: 1\0\n", 23), "line 2: NUL byte"},
      {good + std::string("Package: b\0", 11), "line 4: NUL byte"},
      {std::string(kMaxStatusFileBytes + 1, '\n'), "over the"},
  };
  for (const auto& [bytes, want] : rejected) {
    auto parsed = ParseDpkgStatus(bytes);
    ASSERT_FALSE(parsed.has_value()) << bytes.substr(0, 80);
    EXPECT_NE(parsed.error().message.find(want), std::string::npos) << parsed.error().message;
  }
}

TEST(DpkgStatusTest, NotInstalledStanzasMayLackAVersion) {
  auto parsed = ParseDpkgStatus("Package: gone\nStatus: purge ok not-installed\nArchitecture: amd64\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->packages.empty());
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
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
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].path, "var/lib/dpkg/status.d/foo");
  EXPECT_EQ(parsed->packages[0].version, "1.2.3");
  EXPECT_EQ(parsed->packages[0].arch, "amd64");
  // Skipped stanzas pass through the cataloger; the kept packages still get the path.
  auto partial = cataloger.Parse("var/lib/dpkg/status.d/multiple", TestData(std::string(kSyft) + "multiple"));
  ASSERT_TRUE(partial.has_value()) << partial.error().message;
  EXPECT_EQ(partial->skipped.size(), 2u) << Joined(partial->skipped);
  ASSERT_EQ(partial->packages.size(), 2u);
  for (const Package& p : partial->packages) EXPECT_EQ(p.path, "var/lib/dpkg/status.d/multiple") << p.name;
  EXPECT_FALSE(cataloger.Parse("var/lib/dpkg/status", std::string_view("Package: a\0", 11)).has_value());
}

// var/lib/dpkg/info/PKG.list: no packages, every absolute path as an owned file; nothing else in info/ is read.
TEST(DpkgCatalogerTest, FileListsAreOwnedFiles) {
  const DpkgCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("var/lib/dpkg/info/bash.list"));
  EXPECT_TRUE(cataloger.Required("var/lib/dpkg/info/libc6:amd64.list"));
  EXPECT_FALSE(cataloger.Required("var/lib/dpkg/info/bash.md5sums"));
  EXPECT_FALSE(cataloger.Required("var/lib/dpkg/info/sub/x.list"));
  EXPECT_FALSE(cataloger.Required("usr/share/x.list"));
  auto parsed = cataloger.Parse("var/lib/dpkg/info/bash.list", "/.\n/bin\n/bin/bash\n/usr/share/doc/bash\n\nno-slash\n");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->packages.empty());
  EXPECT_EQ(parsed->owned_files, (std::vector<std::string>{"bin", "bin/bash", "usr/share/doc/bash"}));
  EXPECT_FALSE(cataloger.Parse("var/lib/dpkg/info/x.list", std::string_view("/a\0b\n", 5)).has_value());
  auto empty = cataloger.Parse("var/lib/dpkg/info/x.list", "");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->owned_files.empty());
}

}  // namespace
}  // namespace drydock
