// A thin RAII layer over the SQLite C API for the store: one connection, prepared statements with typed
// binds, and transactions that roll back unless committed. Errors are values, with SQLITE_BUSY mapped to
// kUnavailable (another process holds the write lock past the busy timeout).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "drydock/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace drydock {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binds by 1-based position; returns *this so binds chain.
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, std::int64_t value);
  // True with a row to read, false when done.
  Result<bool> Step();
  Status Run();  // steps to the end, for statements without rows, then resets for the next binds

  std::string Text(int column) const;
  std::int64_t Int(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating) `path` in WAL mode with foreign keys on and a busy timeout.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  Status Exec(std::string_view sql);  // one or more statements without rows
  Result<SqliteStatement> Prepare(std::string_view sql);
  std::int64_t LastInsertId() const;
  int Changes() const;
  std::string ErrorMessage() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE (the write lock taken up front, so two claimers cannot both read the same queued job) ...
// COMMIT; rolled back when destroyed uncommitted.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteDb& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  SqliteTransaction(const SqliteTransaction&) = delete;
  ~SqliteTransaction();
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;
};

}  // namespace drydock
