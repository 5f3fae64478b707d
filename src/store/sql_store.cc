// SqlStore: the connection pool and the migrations applied at open.
#include "store/sql_store.h"

#include "store/migrations.h"

namespace drydock {
namespace {

// The PostgreSQL advisory lock key held while migrating ("drydock" in ASCII): a second process starting at the
// same time waits for it, then finds the migrations done.
constexpr std::int64_t kMigrationLockKey = 0x647279646f636b;

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::Open(const Connector& connect, std::size_t connections) {
  std::unique_ptr<SqlStore> store(new SqlStore());
  for (std::size_t i = 0; i < std::max<std::size_t>(connections, 1); ++i) {
    auto db = connect();
    if (!db) return std::unexpected(db.error());
    store->idle_.push_back(std::move(*db));
  }
  if (auto migrated = store->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

SqlStore::Conn SqlStore::Acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty(); });
  std::unique_ptr<SqlDb> db = std::move(idle_.back());
  idle_.pop_back();
  return Conn(*this, std::move(db));
}

SqlStore::Conn::~Conn() {
  {
    std::lock_guard lock(store_.mutex_);
    store_.idle_.push_back(std::move(db_));
  }
  store_.returned_.notify_one();
}

Status SqlStore::Migrate() {
  Conn db = Acquire();
  const bool postgres = db->Dialect() == SqlDialect::kPostgres;
  if (postgres) {
    if (auto locked = db->Exec(fmt::format("SELECT pg_advisory_lock({})", kMigrationLockKey)); !locked) {
      return Rewrap(locked.error(), "taking the migration lock");
    }
  }
  auto apply = [&]() -> Status {
    auto tx = SqlTransaction::Begin(*db, TxMode::kWrite);  // SQLite: the write lock serializes migrating processes
    if (!tx) return std::unexpected(tx.error());
    if (auto made = db->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                             "name TEXT NOT NULL)");
        !made) {
      return made;
    }
    auto current = db->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!current) return std::unexpected(current.error());
    if (auto row = current->Step(); !row) return std::unexpected(row.error());
    const std::int64_t have = current->Int(0);
    current->Reset();
    const std::int64_t known = Migrations().empty() ? 0 : Migrations().back().version;
    if (have > known) {
      return FailWith(ErrorCode::kInvalidInput, "the store has schema version {}, newer than this drydock's {}",
                      have, known);
    }
    for (const Migration& step : Migrations()) {
      if (step.version <= have) continue;
      const std::string sql = postgres ? PostgresDdl(step) : std::string(step.sql);
      if (auto applied = db->Exec(sql); !applied) {
        return Rewrap(applied.error(), "migration {} ({})", step.version, step.name);
      }
      if (step.backfill != nullptr) {
        if (auto filled = step.backfill(*db); !filled) {
          return Rewrap(filled.error(), "migration {} ({}): rewriting rows", step.version, step.name);
        }
      }
      auto record = db->Prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      if (!record) return std::unexpected(record.error());
      if (auto done = record->Bind(1, std::int64_t{step.version}).Bind(2, step.name).Run(); !done) return done;
    }
    return tx->Commit();
  };
  Status applied = apply();
  if (postgres) (void)db->Exec(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
  return applied;
}

}  // namespace drydock
