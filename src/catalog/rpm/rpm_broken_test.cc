// Hostile and damaged rpm databases: truncation, flipped bytes, huge counts and cycles in each format must
// give an Error or skipped records, never a crash, hang or out-of-bounds read (run under ASan and UBSan).
#include <gtest/gtest.h>

#include <string>

#include "catalog/rpm/rpm.h"
#include "catalog/rpm/rpm_test_util.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr char kFixtures[] = "knqyf263+go-rpmdb/pkg/testdata/";

std::string Fixture(const std::string& path) { return TestData(std::string(kFixtures) + path); }

void PutLe32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// Parses prefixes and single-byte corruptions of `bytes` at `stride`; each must return, and a result that
// is a value must hold no more packages than the intact file.
void Batter(const std::string& bytes, std::size_t stride) {
  auto intact = ParseRpmDb(bytes);
  ASSERT_TRUE(intact.has_value()) << intact.error().message;
  for (std::size_t at = 0; at < bytes.size(); at += stride) {
    auto prefix = ParseRpmDb(std::string_view(bytes).substr(0, at));
    if (prefix) {
      EXPECT_LE(prefix->packages.size(), intact->packages.size()) << "prefix " << at;
    }
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
    (void)ParseRpmDb(flipped);
  }
}

TEST(RpmBrokenTest, NotADatabaseIsAnError) {
  for (std::string_view bytes :
       {std::string_view(""), std::string_view("hello"), std::string_view("\0\0\0\0", 4),
        std::string_view("SQLite format 3\0garbage", 23), std::string_view("RpmP")}) {
    auto parsed = ParseRpmDb(bytes);
    EXPECT_FALSE(parsed.has_value()) << bytes;
  }
  EXPECT_NE(ParseRpmDb("hello, world. not a database").error().message.find("not an rpm database"),
            std::string::npos);
}

TEST(RpmBrokenTest, BerkeleyDbTruncatedAndFlipped) {
  const std::string bytes = Fixture("libuuid/Packages");
  Batter(bytes, 7);
  auto half = ParseRpmDb(std::string_view(bytes).substr(0, bytes.size() / 2));
  ASSERT_TRUE(half.has_value()) << half.error().message;
  EXPECT_FALSE(half->skipped.empty());  // says it is truncated
}

TEST(RpmBrokenTest, BerkeleyDbHugeCountsAndCycles) {
  const std::string bytes = Fixture("libuuid/Packages");
  std::string huge_last_page = bytes;
  PutLe32(huge_last_page, 32, 0xffffffff);
  EXPECT_TRUE(ParseRpmDb(huge_last_page).has_value());
  std::string bad_page_size = bytes;
  PutLe32(bad_page_size, 20, 3000);
  EXPECT_FALSE(ParseRpmDb(bad_page_size).has_value());
  std::string encrypted = bytes;
  encrypted[24] = 1;
  EXPECT_FALSE(ParseRpmDb(encrypted).has_value());
  // Every overflow page pointing to itself, and each claiming a huge length: a cycle, not a hang.
  const std::size_t page_bytes = 4096;
  std::string cycle = bytes;
  for (std::size_t pgno = 1; (pgno + 1) * page_bytes <= cycle.size(); ++pgno) {
    if (cycle[pgno * page_bytes + 25] == 7)
      PutLe32(cycle, pgno * page_bytes + 16, static_cast<std::uint32_t>(pgno));
  }
  auto parsed = ParseRpmDb(cycle);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->packages.empty());
  EXPECT_FALSE(parsed->skipped.empty());
}

TEST(RpmBrokenTest, NdbTruncatedAndFlipped) {
  const std::string bytes = Fixture("sle15-bci/Packages.db");
  Batter(bytes, 1021);
  std::string huge_slots = bytes;
  PutLe32(huge_slots, 12, 0xffffffff);
  EXPECT_FALSE(ParseRpmDb(huge_slots).has_value());
  std::string huge_blocks = bytes;
  PutLe32(huge_blocks, 32 + 12, 0xffffffff);  // the first slot's block count
  PutLe32(huge_blocks, 32 + 8, 0xffffffff);   // and offset
  auto parsed = ParseRpmDb(huge_blocks);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->skipped.size(), 1u) << Joined(parsed->skipped);
}

TEST(RpmBrokenTest, SqliteTruncatedAndFlipped) {
  const std::string bytes = Fixture("cbl-mariner-2.0/rpmdb.sqlite");
  // SQLite pages are 4 KiB; a coarse stride still hits every page type (header, b-tree, overflow) often.
  Batter(bytes, 40009);
  auto truncated = ParseRpmDb(std::string_view(bytes).substr(0, 100));
  EXPECT_FALSE(truncated.has_value());
}

// A header blob that lies about itself costs only its package.
TEST(RpmBrokenTest, CorruptHeaderIsSkippedNotFatal) {
  std::string bytes = Fixture("sle15-bci/Packages.db");
  auto intact = ParseRpmDb(bytes);
  ASSERT_TRUE(intact.has_value());
  const std::size_t first_blob = 4096 + 16;  // slot 1's blob, after its 16-byte blob header
  PutLe32(bytes, first_blob, 0xffffffff);    // header index count, big-endian or not
  auto parsed = ParseRpmDb(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->packages.size() + 1, intact->packages.size());
  ASSERT_EQ(parsed->skipped.size(), 1u);
  EXPECT_NE(parsed->skipped[0].find("header 1: header index count"), std::string::npos) << parsed->skipped[0];
}

TEST(RpmCatalogerTest, RequiredPaths) {
  const RpmCataloger rpm;
  for (std::string_view path : {"var/lib/rpm/Packages", "var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages.db",
                                "usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages.db",
                                "usr/share/rpm/Packages", "usr/share/rpm/rpmdb.sqlite"}) {
    EXPECT_TRUE(rpm.Required(path)) << path;
  }
  for (std::string_view path : {"var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal", "/var/lib/rpm/Packages",
                                "var/lib/rpm", "x/var/lib/rpm/Packages", "var/lib/rpm/sub/Packages"}) {
    EXPECT_FALSE(rpm.Required(path)) << path;
  }
  auto parsed = rpm.Parse("var/lib/rpm/Packages", Fixture("libuuid/Packages"));
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].path, "var/lib/rpm/Packages");
  EXPECT_EQ(parsed->packages[0].source_name, "util-linux");
}

}  // namespace
}  // namespace drydock
