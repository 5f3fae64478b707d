#include "store/sql_db.h"

namespace drydock {

Status SqlStatement::Run() {
  for (;;) {
    auto row = Step();
    if (!row || !*row) {
      impl_->Reset();  // ready to be bound and run again
      if (!row) return std::unexpected(row.error());
      return {};
    }
  }
}

Result<SqlTransaction> SqlTransaction::Begin(SqlDb& db, TxMode mode) {
  if (auto begun = db.Begin(mode); !begun) return std::unexpected(begun.error());
  return SqlTransaction(&db);
}

SqlTransaction::~SqlTransaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status SqlTransaction::Commit() {
  SqlDb* db = std::exchange(db_, nullptr);
  if (auto done = db->Exec("COMMIT"); !done) {
    (void)db->Exec("ROLLBACK");
    return done;
  }
  return {};
}

}  // namespace drydock
