// The reader against the native rpm tool (Debian's rpm 4.18) on go-rpmdb's fixtures:
// `rpm -qa --dbpath DIR --qf '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\n'` must list exactly the
// headers we decode. rpm may create files in the dbpath, so it runs on scratch copies.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <string>

#include "catalog/rpm/rpm.h"
#include "catalog/rpm/rpm_test_util.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;
using rpm_test::HaveRpm;
using rpm_test::QueryLine;
using rpm_test::RpmQueryAll;
using rpm_test::ScratchDir;

constexpr char kFixtures[] = "knqyf263+go-rpmdb/pkg/testdata/";

std::multiset<std::string> DecodedLines(const RpmBlobs& blobs) {
  std::multiset<std::string> lines;
  for (const std::string& blob : blobs.blobs) {
    auto header = DecodeRpmHeader(blob);
    EXPECT_TRUE(header.has_value()) << header.error().message;
    if (header) lines.insert(QueryLine(*header));
  }
  return lines;
}

// Copies fixture `dir`/`file` into a scratch dir and returns that dir.
fs::path ScratchCopy(const std::string& dir, const std::string& file) {
  const fs::path scratch = ScratchDir(dir);
  fs::copy_file(fs::path(DRYDOCK_TESTDATA) / kFixtures / dir / file, scratch / file);
  fs::permissions(scratch / file, fs::perms::owner_read | fs::perms::owner_write);
  return scratch;
}

void ExpectParseMatches(const std::string& bytes, std::size_t want_packages) {
  auto parsed = ParseRpmDb(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(parsed->packages.size(), want_packages);
}

TEST(RpmOracleTest, SqliteMatchesRpm) {
  ASSERT_TRUE(HaveRpm()) << "the rpm tool is missing: run scripts/install-deps.sh";
  const std::string bytes = TestData(std::string(kFixtures) + "cbl-mariner-2.0/rpmdb.sqlite");
  auto blobs = ReadSqliteRpmDb(bytes);
  ASSERT_TRUE(blobs.has_value()) << blobs.error().message;
  const std::multiset<std::string> want = RpmQueryAll(ScratchCopy("cbl-mariner-2.0", "rpmdb.sqlite"));
  EXPECT_EQ(want.size(), 129u);
  EXPECT_EQ(DecodedLines(*blobs), want);
  ExpectParseMatches(bytes, want.size());
}

TEST(RpmOracleTest, BerkeleyDbMatchesRpm) {
  ASSERT_TRUE(HaveRpm()) << "the rpm tool is missing: run scripts/install-deps.sh";
  const std::string bytes = TestData(std::string(kFixtures) + "libuuid/Packages");
  auto blobs = ReadBdbHashRpmDb(bytes);
  ASSERT_TRUE(blobs.has_value()) << blobs.error().message;
  const std::multiset<std::string> want = RpmQueryAll(ScratchCopy("libuuid", "Packages"));
  EXPECT_EQ(want, (std::multiset<std::string>{"libuuid 0 2.32.1 42.el8_8 x86_64"}));
  EXPECT_EQ(DecodedLines(*blobs), want);
  ExpectParseMatches(bytes, want.size());
}

// File ownership: the file list of every header equals `rpm -qa --qf '[%{FILENAMES}\n]'` on the same database.
TEST(RpmOracleTest, FileListsMatchRpm) {
  ASSERT_TRUE(HaveRpm()) << "the rpm tool is missing: run scripts/install-deps.sh";
  for (const auto& [dir, file] : {std::pair<std::string, std::string>{"cbl-mariner-2.0", "rpmdb.sqlite"},
                                  {"libuuid", "Packages"}}) {
    const fs::path scratch = ScratchCopy(dir, file);
    const std::string out = rpm_test::Run("rpm -qa --dbpath '" + scratch.string() +
                                          "' --qf '[%{FILENAMES}\\n]' 2>/dev/null");
    std::multiset<std::string> want;
    for (std::size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
      if (end > start + 1) want.insert(out.substr(start + 1, end - start - 1));  // without the leading '/'
    }
    auto parsed = ParseRpmDb(TestData(std::string(kFixtures) + dir + "/" + file));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_GT(want.size(), 0u) << dir;
    EXPECT_EQ(std::multiset<std::string>(parsed->owned_files.begin(), parsed->owned_files.end()), want) << dir;
  }
}

// Debian builds rpm without the NDB backend ("using dummy database"), so rpm cannot read Packages.db here.
TEST(RpmOracleTest, NdbMatchesRpmDirectly) {
  ASSERT_TRUE(HaveRpm()) << "the rpm tool is missing: run scripts/install-deps.sh";
  const std::multiset<std::string> direct =
      RpmQueryAll(ScratchCopy("sle15-bci", "Packages.db"), "--define '_db_backend ndb'");
  if (direct.empty()) GTEST_SKIP() << "this rpm cannot read NDB databases (Debian's rpm has no ndb backend)";
  auto blobs = ReadNdbRpmDb(TestData(std::string(kFixtures) + "sle15-bci/Packages.db"));
  ASSERT_TRUE(blobs.has_value()) << blobs.error().message;
  EXPECT_EQ(DecodedLines(*blobs), direct);
}

// Instead: our NDB reader's blobs go into a fresh rpm-made SQLite database, so rpm still decodes every
// header; that the NDB layer found every package is checked independently by counting the blob magics
// ("BlbS" at 16-byte block boundaries) in the file.
TEST(RpmOracleTest, NdbBlobsMatchRpmThroughSqlite) {
  ASSERT_TRUE(HaveRpm()) << "the rpm tool is missing: run scripts/install-deps.sh";
  const std::string bytes = TestData(std::string(kFixtures) + "sle15-bci/Packages.db");
  auto blobs = ReadNdbRpmDb(bytes);
  ASSERT_TRUE(blobs.has_value()) << blobs.error().message;
  EXPECT_TRUE(blobs->skipped.empty()) << Joined(blobs->skipped);
  std::size_t magics = 0;
  for (std::size_t at = 0; at + 4 <= bytes.size(); at += 16) magics += bytes.compare(at, 4, "BlbS") == 0;
  EXPECT_EQ(blobs->blobs.size(), magics);
  EXPECT_GT(magics, 10u);

  const fs::path dir = ScratchDir("ndb-as-sqlite");
  ASSERT_EQ(std::system(("rpmdb --initdb --dbpath '" + dir.string() + "'").c_str()), 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "rpmdb.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO Packages(blob) VALUES (?)", -1, &insert, nullptr), SQLITE_OK);
  for (const std::string& blob : blobs->blobs) {
    sqlite3_bind_blob(insert, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(insert), SQLITE_DONE);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  const std::multiset<std::string> want = RpmQueryAll(dir);
  EXPECT_EQ(want.size(), blobs->blobs.size());
  EXPECT_EQ(DecodedLines(*blobs), want);
  ExpectParseMatches(bytes, want.size());
}

}  // namespace
}  // namespace drydock
