// The PostgreSQL engine behind the store's SQL interface (sql_db.h), over libpq. Statements are written with
// SQLite's `?`/`?N` placeholders and sent as `$N` (PostgresPlaceholders); parameters go as text, integers typed
// int8 so arithmetic and comparisons on BIGINT columns need no casts. A connection that broke (the server
// restarted) is re-established before the next statement; what failed with it is kUnavailable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/sql_db.h"

struct pg_conn;

namespace drydock {

class PgDb final : public SqlDb {
 public:
  // `url`: a libpq connection URI, "postgres://user@host:port/db?..." or "postgresql://...".
  static Result<std::unique_ptr<PgDb>> Open(const std::string& url);
  ~PgDb() override;
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  SqlDialect Dialect() const override { return SqlDialect::kPostgres; }
  Status Exec(std::string_view sql) override;
  Result<SqlStatement> Prepare(std::string_view sql) override;
  std::int64_t Changes() const override { return changes_; }
  Status Begin(TxMode mode) override;

  // For PgStatement: the live connection (reset first when it broke), and the rows the last statement changed.
  Result<pg_conn*> Connection();
  void SetChanges(std::int64_t changes) { changes_ = changes; }

 private:
  explicit PgDb(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
  std::int64_t changes_ = 0;
};

// "... WHERE a = ? AND b = ?" -> "... WHERE a = $1 AND b = $2"; "?3" -> "$3". Quoted strings, quoted
// identifiers and comments are copied untouched. `parameters` gets the highest parameter number.
std::string PostgresPlaceholders(std::string_view sql, int* parameters);

}  // namespace drydock
