// rpmdb.sqlite (rpm >= 4.16): table Packages(hnum INTEGER PRIMARY KEY, blob BLOB), one header per row.
// The captured bytes are handed to SQLite as an in-memory, read-only database (sqlite3_deserialize): no
// temporary file, nothing written. SQLite itself is built to survive corrupt database files and reports
// them as SQLITE_CORRUPT, which becomes our Error.
#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <string>

#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
// Offsets 18 and 19 of the database header: file format write/read versions; 2 means WAL mode.
constexpr std::size_t kWriteVersionOffset = 18;
constexpr std::size_t kReadVersionOffset = 19;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

}  // namespace

Result<RpmBlobs> ReadSqliteRpmDb(std::string_view bytes) {
  if (!bytes.starts_with(kSqliteMagic)) return Fail("not an SQLite database");
  if (bytes.size() > kMaxRpmDbBytes)
    return Fail("{} bytes exceeds the {} byte limit", bytes.size(), kMaxRpmDbBytes);
  sqlite3* raw_db = nullptr;
  if (sqlite3_open_v2(":memory:", &raw_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(raw_db);
    return Fail("sqlite: cannot open an in-memory database");
  }
  const std::unique_ptr<sqlite3, CloseDb> db(raw_db);
  // SQLite takes ownership of a buffer it allocated. The copy also lets us mark a WAL-mode file (as rpm
  // writes them) as a rollback-journal one: an in-memory database cannot open a WAL, and without the -wal
  // file (not captured) the main file is all there is to read.
  auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
  if (buffer == nullptr) return Fail("sqlite: out of memory for {} bytes", bytes.size());
  std::memcpy(buffer, bytes.data(), bytes.size());
  if (bytes.size() > kReadVersionOffset) {
    if (buffer[kWriteVersionOffset] == 2) buffer[kWriteVersionOffset] = 1;
    if (buffer[kReadVersionOffset] == 2) buffer[kReadVersionOffset] = 1;
  }
  const int rc = sqlite3_deserialize(db.get(), "main", buffer, bytes.size(), bytes.size(),
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) return Fail("sqlite: cannot load database: {}", sqlite3_errstr(rc));

  sqlite3_stmt* raw_stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT hnum, blob FROM Packages", -1, &raw_stmt, nullptr) != SQLITE_OK) {
    return Fail("sqlite: {}", sqlite3_errmsg(db.get()));
  }
  const std::unique_ptr<sqlite3_stmt, FinalizeStmt> stmt(raw_stmt);
  RpmBlobs out;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const sqlite3_int64 hnum = sqlite3_column_int64(stmt.get(), 0);
    const void* blob = sqlite3_column_blob(stmt.get(), 1);
    const int size = sqlite3_column_bytes(stmt.get(), 1);
    if (sqlite3_column_type(stmt.get(), 1) != SQLITE_BLOB || blob == nullptr || size <= 0) {
      out.skipped.push_back(fmt::format("row hnum={}: no header blob", hnum));
      continue;
    }
    out.blobs.emplace_back(static_cast<const char*>(blob), static_cast<std::size_t>(size));
  }
  // A corrupt page part-way through ends the scan; the rows before it are still good.
  if (step != SQLITE_DONE) {
    if (out.blobs.empty()) return Fail("sqlite: {}", sqlite3_errmsg(db.get()));
    out.skipped.push_back(
        fmt::format("rows after the first {}: sqlite: {}", out.blobs.size(), sqlite3_errmsg(db.get())));
  }
  return out;
}

}  // namespace drydock
