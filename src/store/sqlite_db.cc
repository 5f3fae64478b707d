#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace drydock {
namespace {

constexpr int kBusyTimeoutMilliseconds = 10'000;

std::unexpected<Error> SqliteFail(sqlite3* db, int rc, std::string_view what) {
  const ErrorCode code = rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ErrorCode::kUnavailable
                         : rc == SQLITE_CONSTRAINT                ? ErrorCode::kConflict
                                                                  : ErrorCode::kInternal;
  return FailWith(code, "{}: {}", what, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

class SqliteStatement final : public SqlStatementImpl {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void BindText(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindInt(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteFail(db_, rc, "store query");
  }
  void Reset() override { sqlite3_reset(stmt_); }

  std::string Text(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text == nullptr ? ""
                           : std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace

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

Result<SqlStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteFail(db_, rc, "preparing a store query");
  return SqlStatement(std::make_unique<SqliteStatement>(db_, stmt));
}

std::int64_t SqliteDb::Changes() const { return sqlite3_changes(db_); }

Status SqliteDb::Begin(TxMode mode) { return Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"); }

}  // namespace drydock
