// Well-formed but hostile rpm databases from issue 18: an rpmdb.sqlite whose Packages is a recursive VIEW
// (endless CPU, or memory without bound), and a BerkeleyDB whose items all share one overflow chain (each
// item costing the whole chain). Both are built here, at test time, with the real formats.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

// An SQLite database file holding what `sql` creates, as the bytes a layer would carry.
std::string SqliteFile(const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  sqlite3_close(db);
  return out;
}

TEST(RpmHostileTest, SqliteRecursiveViewIsRefusedBeforeItRuns) {
  const std::string endless_rows = SqliteFile(
      "CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, x'00' UNION ALL "
      "SELECT hnum + 1, blob || blob FROM r) SELECT hnum, blob FROM r;");
  const std::string no_rows = SqliteFile(
      "CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, x'00' UNION ALL "
      "SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r WHERE hnum < 0;");
  for (const std::string& bytes : {endless_rows, no_rows}) {
    auto parsed = ParseRpmDb(bytes);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().message, "sqlite: Packages is a view, not a plain table");
  }
}

TEST(RpmHostileTest, SqliteVirtualTableAndMissingTableAreRefused) {
  auto missing = ReadSqliteRpmDb(SqliteFile("CREATE TABLE Other(hnum INTEGER PRIMARY KEY, blob BLOB);"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "sqlite: no Packages table");
  auto fts = ReadSqliteRpmDb(SqliteFile("CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob);"));
  ASSERT_FALSE(fts.has_value());
  EXPECT_EQ(fts.error().message, "sqlite: Packages is a table, not a plain table");
}

// A generated column may not recurse, but it may ask for a huge value: capped at the file's own size.
TEST(RpmHostileTest, SqliteGeneratedHugeValueIsAnError) {
  auto parsed = ReadSqliteRpmDb(SqliteFile(
      "CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB AS (zeroblob(100000000)) VIRTUAL);"
      "INSERT INTO Packages(hnum) VALUES (1);"));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("too big"), std::string::npos) << parsed.error().message;
}

// Whatever the query costs, the deadline ends it: 20,000 rows cannot be read in 0 ms.
TEST(RpmHostileTest, SqliteDeadlineEndsAnyStatement) {
  const std::string bytes = SqliteFile(
      "CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO Packages SELECT i, x'0102' FROM n;");
  auto slow = ReadSqliteRpmDbWithin(bytes, std::chrono::milliseconds(0));
  ASSERT_FALSE(slow.has_value());
  EXPECT_EQ(slow.error().message, "sqlite: reading Packages took longer than 0 ms; refused");
  auto normal = ReadSqliteRpmDb(bytes);
  ASSERT_TRUE(normal.has_value()) << normal.error().message;
  EXPECT_EQ(normal->blobs.size(), 20000u);
}

// A little-endian BerkeleyDB hash file: metadata page, one hash page of `items` (key, off-page data) pairs
// all pointing at the same chain of `chain_pages` overflow pages.
std::string SharedChainBdb(std::size_t items, std::size_t chain_pages) {
  constexpr std::size_t kPage = 4096;
  const std::size_t pages = 2 + chain_pages;
  std::string file(pages * kPage, '\0');
  auto put = [&](std::size_t at, std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) file[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  put(12, 0x061561, 4);  // hash magic
  put(20, kPage, 4);
  file[25] = 8;  // hash metadata page
  put(32, pages - 1, 4);
  const std::size_t hash = kPage;
  file[hash + 25] = 13;
  put(hash + 20, 2 * items, 2);
  std::size_t end = hash + kPage;
  for (std::size_t i = 0; i < items; ++i) {
    end -= 5;  // key: H_KEYDATA + a 4-byte instance number
    file[end] = 1;
    put(end + 1, i + 1, 4);
    put(hash + 26 + 4 * i, end - hash, 2);
    end -= 12;  // data: H_OFFPAGE, 3 pad bytes, first page, total length
    file[end] = 3;
    put(end + 4, 2, 4);
    put(end + 8, chain_pages * (kPage - 26), 4);
    put(hash + 26 + 4 * i + 2, end - hash, 2);
  }
  for (std::size_t p = 2; p < pages; ++p) {
    file[p * kPage + 25] = 7;
    put(p * kPage + 22, kPage - 26, 2);
    put(p * kPage + 16, p + 1 < pages ? p + 1 : 0, 4);
  }
  return file;
}

TEST(RpmHostileTest, BdbSharedOverflowChainIsReadOnce) {
  // 200 items x an 8 MiB chain: 1.6 GB when each item copies the chain; 8 MiB when the chain is read once.
  const std::string bytes = SharedChainBdb(200, 2048);
  auto parsed = ReadBdbHashRpmDb(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->blobs.size(), 1u);
  EXPECT_EQ(parsed->blobs[0].size(), 2048u * (4096 - 26));
  ASSERT_EQ(parsed->skipped.size(), 199u);
  EXPECT_EQ(parsed->skipped[0], "bdb page 1 item 3: overflow page 2 is already part of another chain");
}

}  // namespace
}  // namespace drydock
