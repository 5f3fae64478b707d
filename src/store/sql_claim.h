// Lease claims, one shape for every queue the store keeps: the job queue (sql_jobs.cc), webhook deliveries
// (sql_deliveries.cc) and due registry watches (sql_watches.cc). A claim is a single
//   UPDATE <table> SET <lease> WHERE <which> RETURNING <columns>
// run in a write transaction, so two claimers (threads of one server, or servers sharing one store) never both
// lease a row:
// - SQLite: the transaction begins IMMEDIATE, holding the database's only write lock while the rows are chosen.
// - PostgreSQL: a claim that picks rows with a subquery ends it with db.SkipLockedClause() (FOR UPDATE SKIP
//   LOCKED), so a concurrent claimer passes the rows another claim holds and takes the next. Where the subquery
//   cannot lock rows (GROUP BY, aggregates), `which` must also say the row is still free (lease expired, still
//   due): PostgreSQL re-checks the WHERE on a row a concurrent claim changed once it has waited for it, and the
//   loser skips the row.
// The SQL is the one dialect both engines accept (sql_db.h); only the lock clause differs.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "store/sql_db.h"
#include "store/sql_rows.h"

namespace drydock {

struct LeaseClaim {
  std::string_view table;
  std::string_view lease;      // the SET list that takes the lease
  std::string_view which;      // the WHERE condition: the rows to lease
  std::string_view returning;  // the columns of each claimed row
};

inline std::string LeaseClaimSql(const LeaseClaim& claim) {
  return fmt::format("UPDATE {} SET {} WHERE {} RETURNING {}", claim.table, claim.lease, claim.which,
                     claim.returning);
}

// Runs `claim` in its own write transaction with `binds` on its `?` placeholders in text order (lease, then
// which), and returns the leased rows made by `read`, by ascending `id` (engines return RETURNING rows in no
// set order). On an error nothing is leased: the transaction rolls back.
template <typename Read, typename... Binds>
auto ClaimRows(SqlDb& db, const LeaseClaim& claim, Read read, const Binds&... binds)
    -> Result<std::vector<std::invoke_result_t<Read&, const SqlStatement&>>> {
  auto tx = SqlTransaction::Begin(db, TxMode::kWrite);
  if (!tx) return std::unexpected(tx.error());
  auto q = db.Prepare(LeaseClaimSql(claim));
  if (!q) return std::unexpected(q.error());
  auto rows = ReadRows(BindAll(*q, binds...), read);
  if (!rows) return rows;
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  std::sort(rows->begin(), rows->end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

}  // namespace drydock
