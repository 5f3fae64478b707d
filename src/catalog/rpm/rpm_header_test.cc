// The header decoder on a real blob (go-rpmdb's blob.bin, a Fedora 35 package) and on synthetic ones,
// including every way an index entry can point outside the data store.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "catalog/rpm/rpm.h"
#include "catalog/rpm/rpm_test_util.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

using rpm_test::BuildHeader;
using rpm_test::Int;
using rpm_test::PutBe32;
using rpm_test::Str;

// Expected fields read off the blob with `strings`.
TEST(DecodeRpmHeaderTest, RealFedoraBlob) {
  auto header = DecodeRpmHeader(TestData("knqyf263+go-rpmdb/pkg/testdata/blob.bin"));
  ASSERT_TRUE(header.has_value()) << header.error().message;
  EXPECT_EQ(std::tie(header->name, header->version, header->release, header->vendor, header->license),
            std::tie("publicsuffix-list-dafsa", "20210518", "2.fc35", "Fedora Project", "MPLv2.0"));
  EXPECT_EQ(header->arch, "noarch");
  EXPECT_EQ(header->source_rpm, "publicsuffix-list-20210518-2.fc35.src.rpm");
  // Its DIRINDEXES are {0, 1, 2, 4} over 4 DIRNAMES: the fourth name has no directory and is left out.
  EXPECT_EQ(header->files, (std::vector<std::string>{"/usr/share/licenses/publicsuffix-list-dafsa",
                                                     "/usr/share/licenses/publicsuffix-list-dafsa/COPYING",
                                                     "/usr/share/publicsuffix"}));
  EXPECT_FALSE(header->epoch.has_value());
  const Package package = RpmPackage(*header);
  EXPECT_EQ(
      std::tie(package.name, package.version, package.source_name, package.source_version, package.ecosystem),
      std::tie("publicsuffix-list-dafsa", "20210518-2.fc35", "publicsuffix-list", "", "rpm"));
  EXPECT_EQ(package.licenses, std::vector<std::string>{"MPLv2.0"});
}

TEST(DecodeRpmHeaderTest, SyntheticHeaderWithEpochAndModule) {
  const std::string blob =
      BuildHeader({Str(1000, "nodejs"), Str(1001, "18.19.0"), Str(1002, "1.module_el9"), Int(1003, 1),
                   Str(1022, "x86_64"), Str(1044, "nodejs-18.19.0-1.module_el9.src.rpm"),
                   Str(1014, "MIT and ASL 2.0"), Str(5096, "nodejs:18:9030:abc")});
  auto header = DecodeRpmHeader(blob);
  ASSERT_TRUE(header.has_value()) << header.error().message;
  EXPECT_EQ(header->epoch, 1u);
  EXPECT_EQ(header->modularity_label, "nodejs:18:9030:abc");
  const Package package = RpmPackage(*header);
  EXPECT_EQ(package.version, "1:18.19.0-1.module_el9");
  EXPECT_EQ(package.source_name, "nodejs");
  EXPECT_EQ(package.source_version, "");
  EXPECT_EQ(package.licenses, (std::vector<std::string>{"MIT", "ASL", "2.0"}));
  EXPECT_EQ(package.module, "nodejs:18");  // name:stream; the module version and context are dropped
}

TEST(RpmPackageTest, ModuleStreamFromLabel) {
  RpmHeader h{.name = "perl-FCGI", .version = "0.78", .release = "12.module+el8.10.0+23147+95b68fad"};
  EXPECT_EQ(RpmPackage(h).module, "");  // no MODULARITYLABEL: not modular
  h.modularity_label = "perl-FCGI:0.78:8100020250529111022:491cfe3d";
  EXPECT_EQ(RpmPackage(h).module, "perl-FCGI:0.78");
  for (const char* odd : {"rhel10", "perl FCGI:0.78", ":0.78", "perl-FCGI:"}) {
    h.modularity_label = odd;
    EXPECT_EQ(RpmPackage(h).module, "") << odd;  // names no stream: matched as a plain package
  }
}

TEST(RpmPackageTest, SourceRpmShapes) {
  RpmHeader h{.name = "libuuid", .version = "2.32.1", .release = "42.el8_8"};
  h.source_rpm = "util-linux-2.32.1-42.el8_8.src.rpm";
  EXPECT_EQ(RpmPackage(h).source_name, "util-linux");
  EXPECT_EQ(RpmPackage(h).source_version, "");
  h.source_rpm = "util-linux-2.32.1-41.el8.src.rpm";  // binary rebuilt from an older source
  EXPECT_EQ(RpmPackage(h).source_version, "2.32.1-41.el8");
  for (const char* odd : {"", "x.src.rpm", "-1.src.rpm", "a-1.src.rpm", "a-1-2.tar.gz", "--.src.rpm"}) {
    h.source_rpm = odd;
    EXPECT_EQ(RpmPackage(h).source_name, "libuuid") << odd;  // not "name-version-release.src.rpm"
  }
}

// Each blob must be rejected with an Error, never read out of bounds (ASan) or overflow (UBSan).
TEST(DecodeRpmHeaderTest, RejectsMalformedBlobs) {
  const std::string good = BuildHeader({Str(1000, "a"), Str(1001, "1"), Str(1002, "1")});
  std::vector<std::pair<std::string, std::string>> cases;
  cases.emplace_back("empty", "");
  cases.emplace_back("seven bytes", good.substr(0, 7));
  cases.emplace_back("truncated data", good.substr(0, good.size() - 1));
  cases.emplace_back("truncated index", good.substr(0, 20));
  std::string huge_il = good;
  huge_il[0] = '\x7f';
  cases.emplace_back("huge index count", huge_il);
  std::string max_counts;
  PutBe32(max_counts, 0xffffffff);
  PutBe32(max_counts, 0xffffffff);
  cases.emplace_back("max counts", max_counts);
  std::string zero;
  PutBe32(zero, 0);
  PutBe32(zero, 0);
  cases.emplace_back("no tags", zero);
  cases.emplace_back("no name", BuildHeader({Str(1001, "1"), Str(1002, "1")}));
  cases.emplace_back("no release", BuildHeader({Str(1000, "a"), Str(1001, "1")}));
  cases.emplace_back("unterminated", BuildHeader({Str(1001, "1"), Str(1002, "1"), {1000, 6, "abc", 1}}));
  cases.emplace_back("name as int", BuildHeader({Int(1000, 5), Str(1001, "1"), Str(1002, "1")}));
  cases.emplace_back("epoch as string",
                     BuildHeader({Str(1000, "a"), Str(1001, "1"), Str(1002, "1"), Str(1003, "1")}));
  cases.emplace_back("epoch past end",
                     BuildHeader({Str(1000, "a"), Str(1001, "1"), Str(1002, "1"), {1003, 4, "\0\0", 1}}));
  cases.emplace_back("long name",
                     BuildHeader({Str(1000, std::string(5000, 'n')), Str(1001, "1"), Str(1002, "1")}));
  std::string far_offset = good;
  far_offset[8 + 8] = '\x7f';  // first entry's offset
  cases.emplace_back("offset beyond data", far_offset);
  for (const auto& [what, blob] : cases) {
    auto header = DecodeRpmHeader(blob);
    EXPECT_FALSE(header.has_value()) << what;
  }
  EXPECT_TRUE(DecodeRpmHeader(good).has_value());
}

// One 4 KB directory named by 300,000 empty basenames: a 1.5 MB header whose file list would be 1.2 GB of names
// (1.75 GB RSS and 34 s under rpm_header_fuzz). The package is kept; its file list is dropped as damage, as any
// other broken file list is. A real-sized list next to it is kept whole.
TEST(DecodeRpmHeaderTest, FileListFarLargerThanItsHeaderIsDamage) {
  constexpr std::uint32_t kFiles = 300000;
  std::string zeros;
  for (std::uint32_t i = 0; i < kFiles; ++i) PutBe32(zeros, 0);
  const std::string bomb = BuildHeader({Str(1000, "big"), Str(1001, "1"), Str(1002, "1"),
                                        {1118, 8, std::string(4095, 'd') + '\0', 1},
                                        {1117, 8, std::string(kFiles, '\0'), kFiles},
                                        {1116, 4, zeros, kFiles}});
  auto header = DecodeRpmHeader(bomb);
  ASSERT_TRUE(header.has_value()) << header.error().message;
  EXPECT_EQ(header->name, "big");
  EXPECT_TRUE(header->files.empty());

  // BASENAMES claiming a million strings in one byte: refused (before reserving room for a million names).
  header = DecodeRpmHeader(BuildHeader({Str(1000, "a"), Str(1001, "1"), Str(1002, "1"), Str(1118, "/usr/bin/"),
                                        {1117, 8, std::string(1, '\0'), 1000000}, Int(1116, 0)}));
  ASSERT_TRUE(header.has_value()) << header.error().message;
  EXPECT_TRUE(header->files.empty());

  std::string bases, indexes;
  for (int i = 0; i < 100; ++i) {
    bases += fmt::format("tool-{:03}", i) + '\0';
    PutBe32(indexes, i % 2);
  }
  header = DecodeRpmHeader(BuildHeader({Str(1000, "tools"), Str(1001, "1"), Str(1002, "1"),
                                        {1118, 8, std::string("/usr/bin/\0/usr/libexec/tools/\0", 30), 2},
                                        {1117, 8, bases, 100}, {1116, 4, indexes, 100}}));
  ASSERT_TRUE(header.has_value()) << header.error().message;
  ASSERT_EQ(header->files.size(), 100u);
  EXPECT_EQ(header->files[0], "/usr/bin/tool-000");
  EXPECT_EQ(header->files[99], "/usr/libexec/tools/tool-099");
}

// Every single-byte corruption of a real blob decodes or fails cleanly.
TEST(DecodeRpmHeaderTest, FlippedBytesNeverCrash) {
  const std::string blob = TestData("knqyf263+go-rpmdb/pkg/testdata/blob.bin");
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0xa5);
    (void)DecodeRpmHeader(bad);
    (void)DecodeRpmHeader(std::string_view(blob).substr(0, i));
  }
}

}  // namespace
}  // namespace drydock
