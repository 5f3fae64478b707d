#include <filesystem>

#include "store/migrations.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace drydock {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
  }
  return "queued";
}

std::string PurlBase(std::string_view purl) {
  purl = purl.substr(0, purl.find('#'));
  purl = purl.substr(0, purl.find('?'));
  // The version follows the last '@' after the type (a scope's '@' is percent-encoded in a purl: %40).
  if (std::size_t at = purl.rfind('@'); at != std::string_view::npos && at > purl.find('/')) purl = purl.substr(0, at);
  return std::string(purl);
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return FailWith(ErrorCode::kInvalidInput, "store \"{}\": no file after sqlite:", url);
    std::error_code ignored;
    if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
      std::filesystem::create_directories(parent, ignored);
    }
    auto store = SqliteStore::Open(path);
    if (!store) return Rewrap(store.error(), "store {}", path);
    return std::unique_ptr<Store>(std::move(*store));
  }
  return FailWith(ErrorCode::kInvalidInput, "store \"{}\": expected sqlite:PATH", url);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(*db)));
  if (auto migrated = store->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

Status SqliteStore::Migrate() {
  std::lock_guard lock(mutex_);
  auto tx = SqliteTransaction::Begin(*db_);  // the write lock: a second process waits, then finds it done
  if (!tx) return std::unexpected(tx.error());
  if (auto made = db_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                            "name TEXT NOT NULL)");
      !made) {
    return made;
  }
  auto current = db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!current) return std::unexpected(current.error());
  if (auto row = current->Step(); !row) return std::unexpected(row.error());
  const std::int64_t have = current->Int(0);
  const std::int64_t known = Migrations().empty() ? 0 : Migrations().back().version;
  if (have > known) {
    return FailWith(ErrorCode::kInvalidInput, "the store has schema version {}, newer than this drydock's {}", have,
                    known);
  }
  for (const Migration& step : Migrations()) {
    if (step.version <= have) continue;
    if (auto applied = db_->Exec(step.sqlite); !applied) {
      return Rewrap(applied.error(), "migration {} ({})", step.version, step.name);
    }
    auto record = db_->Prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    if (!record) return std::unexpected(record.error());
    if (auto done = record->Bind(1, std::int64_t{step.version}).Bind(2, step.name).Run(); !done) return done;
  }
  return tx->Commit();
}

}  // namespace drydock
