#include "store/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace drydock {
namespace {

constexpr int kBusyTimeoutMilliseconds = 10'000;

std::unexpected<Error> SqliteFail(sqlite3* db, int rc, std::string_view what) {
  const ErrorCode code = rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ErrorCode::kUnavailable
                         : rc == SQLITE_CONSTRAINT                ? ErrorCode::kConflict
                                                                  : ErrorCode::kInternal;
  return FailWith(code, "{}: {}", what, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

}  // namespace

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteFail(db_, rc, "store query");
}

Status SqliteStatement::Run() {
  for (;;) {
    auto row = Step();
    if (!row || !*row) {
      sqlite3_reset(stmt_);  // ready to be bound and run again
      if (!row) return std::unexpected(row.error());
      return {};
    }
  }
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text == nullptr ? "" : std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) return SqliteFail(raw, rc, path);
  sqlite3_busy_timeout(raw, kBusyTimeoutMilliseconds);
  if (auto ok = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !ok) {
    return Rewrap(ok.error(), "{}", path);
  }
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Status SqliteDb::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string why = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return FailWith(rc == SQLITE_BUSY ? ErrorCode::kUnavailable : ErrorCode::kInternal, "store: {}", why);
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteFail(db_, rc, "preparing a store query");
  return SqliteStatement(db_, stmt);
}

std::int64_t SqliteDb::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int SqliteDb::Changes() const { return sqlite3_changes(db_); }

std::string SqliteDb::ErrorMessage() const { return sqlite3_errmsg(db_); }

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDb& db) {
  if (auto begun = db.Exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
  return SqliteTransaction(&db);
}

SqliteTransaction::~SqliteTransaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status SqliteTransaction::Commit() {
  SqliteDb* db = std::exchange(db_, nullptr);
  if (auto done = db->Exec("COMMIT"); !done) {
    (void)db->Exec("ROLLBACK");
    return done;
  }
  return {};
}

}  // namespace drydock
