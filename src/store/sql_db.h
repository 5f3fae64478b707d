// The store's small SQL connection interface, the same for every engine (sqlite_db.cc, pg_db.cc): one
// connection, statements with typed binds by position, and transactions that roll back unless committed.
// Store code writes its SQL once, in the dialect SQLite 3.40 and PostgreSQL 15 both accept: `?` (or `?N`)
// placeholders, `ON CONFLICT ... DO NOTHING/UPDATE`, `RETURNING`, integer milliseconds, TEXT for JSON. Where the
// engines differ (a claim's row lock), ask Dialect(). Errors are values: a lock wait that ran out, a lost
// connection or a serialization failure is kUnavailable (retry), a constraint is kConflict.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "drydock/error.h"

namespace drydock {

enum class SqlDialect { kSqlite, kPostgres };

// What an engine's statement does; store code holds it through SqlStatement.
class SqlStatementImpl {
 public:
  virtual ~SqlStatementImpl() = default;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual Result<bool> Step() = 0;
  virtual void Reset() = 0;  // ready to run again; the binds stay until rebound
  virtual std::string Text(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
};

class SqlStatement {
 public:
  explicit SqlStatement(std::unique_ptr<SqlStatementImpl> impl) : impl_(std::move(impl)) {}

  // Binds by 1-based position; returns *this so binds chain.
  SqlStatement& Bind(int index, std::string_view text) {
    impl_->BindText(index, text);
    return *this;
  }
  SqlStatement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  SqlStatement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  SqlStatement& Bind(int index, std::int64_t value) {
    impl_->BindInt(index, value);
    return *this;
  }
  // True with a row to read, false when done.
  Result<bool> Step() { return impl_->Step(); }
  // Steps to the end, for statements without rows, then resets for the next binds.
  Status Run();
  // Ready to run again (after a Step that returned false, or rows left unread); the binds stay until rebound.
  // Do not Step a finished statement without this: SQLite would run it again.
  void Reset() { impl_->Reset(); }

  std::string Text(int column) const { return impl_->Text(column); }
  std::int64_t Int(int column) const { return impl_->Int(column); }

 private:
  std::unique_ptr<SqlStatementImpl> impl_;
};

// How a transaction begins. kWrite takes the write lock up front on SQLite (BEGIN IMMEDIATE, so two claimers
// cannot both read the same queued job); on PostgreSQL rows are locked by the statements themselves (a claim's
// FOR UPDATE SKIP LOCKED, an upsert's row lock).
enum class TxMode { kRead, kWrite };

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  virtual SqlDialect Dialect() const = 0;
  virtual Status Exec(std::string_view sql) = 0;  // one or more statements without rows or binds
  virtual Result<SqlStatement> Prepare(std::string_view sql) = 0;
  virtual std::int64_t Changes() const = 0;  // rows the last statement run inserted, updated or deleted
  virtual Status Begin(TxMode mode) = 0;

  // The row-lock clause a claim's SELECT ends with: "FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite
  // (whose BEGIN IMMEDIATE already holds the only write lock).
  std::string_view SkipLockedClause() const {
    return Dialect() == SqlDialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  }
};

// Begin ... COMMIT; rolled back when destroyed uncommitted.
class SqlTransaction {
 public:
  static Result<SqlTransaction> Begin(SqlDb& db, TxMode mode = TxMode::kWrite);
  SqlTransaction(SqlTransaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  SqlTransaction(const SqlTransaction&) = delete;
  ~SqlTransaction();
  Status Commit();

 private:
  explicit SqlTransaction(SqlDb* db) : db_(db) {}
  SqlDb* db_;
};

}  // namespace drydock
