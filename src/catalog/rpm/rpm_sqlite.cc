// rpmdb.sqlite (rpm >= 4.16): table Packages(hnum INTEGER PRIMARY KEY, blob BLOB), one header per row.
// The captured bytes are handed to SQLite as an in-memory, read-only database (sqlite3_deserialize): no
// temporary file, nothing written. SQLite itself is built to survive corrupt database files and reports
// them as SQLITE_CORRUPT, which becomes our Error. A well-formed file can still be hostile: "Packages" as a
// recursive VIEW runs forever or grows without bound, so the schema must say it is a plain table, values are
// capped at the file's own size, and a progress handler ends any statement that outlives its deadline.
#include <sqlite3.h>

#include <chrono>
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
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;
using Clock = std::chrono::steady_clock;

// Called every kProgressOps virtual-machine steps; non-zero interrupts the statement (SQLITE_INTERRUPT).
constexpr int kProgressOps = 10'000;
int PastDeadline(void* deadline) { return Clock::now() > *static_cast<const Clock::time_point*>(deadline) ? 1 : 0; }

// Limits that hold whatever the schema says: no value larger than the database itself, no deep expression
// or long SQL, nothing attached, the schema's own SQL (views, triggers, defaults) not trusted to call functions.
void Restrict(sqlite3* db, std::size_t db_bytes) {
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(db_bytes));
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 64);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 8);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
}

// rpm creates Packages with "CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY NOT NULL, blob
// BLOB NOT NULL)". A view, a virtual table or anything but an ordinary table is refused before it runs.
Status CheckPackagesIsTable(sqlite3* db) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT type, sql FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE", -1, &raw,
                         nullptr) != SQLITE_OK) {
    return Fail("sqlite: {}", sqlite3_errmsg(db));
  }
  const Stmt stmt(raw);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return Fail("sqlite: no Packages table");
  const auto* type = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
  const auto* sql = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 1));
  std::string_view sql_text = sql != nullptr ? sql : "";
  if (type == nullptr || std::string_view(type) != "table" || !sql_text.starts_with("CREATE TABLE")) {
    return Fail("sqlite: Packages is a {}, not a plain table", type != nullptr ? type : "nameless object");
  }
  return {};
}

}  // namespace

Result<RpmBlobs> ReadSqliteRpmDb(std::string_view bytes) { return ReadSqliteRpmDbWithin(bytes, kMaxRpmSqliteTime); }

Result<RpmBlobs> ReadSqliteRpmDbWithin(std::string_view bytes, std::chrono::milliseconds time_limit) {
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
  Restrict(db.get(), bytes.size());
  Clock::time_point deadline = Clock::now() + time_limit;
  sqlite3_progress_handler(db.get(), kProgressOps, PastDeadline, &deadline);
  if (Status table = CheckPackagesIsTable(db.get()); !table) return std::unexpected(table.error());

  sqlite3_stmt* raw_stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT hnum, blob FROM Packages", -1, &raw_stmt, nullptr) != SQLITE_OK) {
    return Fail("sqlite: {}", sqlite3_errmsg(db.get()));
  }
  const Stmt stmt(raw_stmt);
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
  if (step == SQLITE_INTERRUPT) {
    return Fail("sqlite: reading Packages took longer than {} ms; refused", time_limit.count());
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
