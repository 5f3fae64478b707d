// The SQLite engine behind the store's SQL interface (sql_db.h): one connection in WAL mode with foreign keys
// on and a busy timeout. SQLITE_BUSY past that timeout (another process holds the write lock) is kUnavailable.
#pragma once

#include <memory>
#include <string>

#include "store/sql_db.h"

struct sqlite3;

namespace drydock {

class SqliteDb final : public SqlDb {
 public:
  // Opens (creating) `path`.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb() override;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  SqlDialect Dialect() const override { return SqlDialect::kSqlite; }
  Status Exec(std::string_view sql) override;
  Result<SqlStatement> Prepare(std::string_view sql) override;
  std::int64_t Changes() const override;
  Status Begin(TxMode mode) override;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace drydock
