#include "cache/layer_cache.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string_view>

#include "cache/layer_codec.h"
#include "common/sha256.h"

namespace drydock {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS layers (key TEXT PRIMARY KEY, value BLOB NOT NULL, bytes INTEGER NOT NULL, "
    "used INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS layers_used ON layers(used);";

// Every stored value ends with its seal: the SHA-256 (hex) of its key, a NUL, and the value. A flipped bit, a
// torn write, or a value copied under another key fails the seal and is a miss (deleted, then rewritten by the
// scan that walked the layer instead), never data: one flipped bit once turned lodash 4.17.15 into 4.17.95.
constexpr std::size_t kSealBytes = 64;

std::string Seal(std::string_view key, std::string_view value) {
  Sha256 hash;
  hash.Update(key.data(), key.size());
  hash.Update("", 1);
  hash.Update(value.data(), value.size());
  return hash.FinishHex();
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

Status CleanLayerCache(const std::string& dir) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(dir + "/layers.sqlite" + suffix, ec);
    if (ec) return Fail("{}/layers.sqlite{}: {}", dir, suffix, ec.message());
  }
  // The compiled secret rules kept beside the layers (secret/secret.h) are a cache too.
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("secret-rules-") && name.ends_with(".hsdb")) std::filesystem::remove(entry.path(), ec);
  }
  return {};
}

Result<std::unique_ptr<LayerCache>> LayerCache::Open(const std::string& dir, std::uint64_t max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("cache directory {}: {}", dir, ec.message());
  std::string path = dir + "/layers.sqlite";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail("cache {}: {}", path, why);
  }
  std::unique_ptr<LayerCache> cache(new LayerCache(db, max_bytes));
  sqlite3_busy_timeout(db, kCacheBusyTimeoutMilliseconds);
  char* err = nullptr;
  // WAL: readers never block the one writer; synchronous=NORMAL is crash-safe in WAL (a lost entry is a miss).
  // mmap: entries are megabytes of overflow pages, which pread would fetch 4 KiB at a time.
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;", nullptr, nullptr, &err) != SQLITE_OK ||
      sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return Fail("cache {}: {}", path, why);
  }
  return cache;
}

LayerCache::~LayerCache() { sqlite3_close(db_); }

// Reads `key`'s value in place (from SQLite's memory-mapped page: an entry can be megabytes, and one copy is
// enough) and hands it to `accept`; a value that fails its seal or that `accept` rejects is damaged.
LayerCache::Found LayerCache::ReadSealed(const std::string& key, const std::function<bool(std::string_view)>& accept) {
  Statement select(db_, "SELECT value FROM layers WHERE key = ?");
  if (!select) return Found::kMissing;
  sqlite3_bind_text(select.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(select.get()) != SQLITE_ROW) return Found::kMissing;
  const char* blob = static_cast<const char*>(sqlite3_column_blob(select.get(), 0));
  const std::string_view sealed(blob, static_cast<std::size_t>(sqlite3_column_bytes(select.get(), 0)));
  if (blob == nullptr || sealed.size() < kSealBytes) return Found::kDamaged;
  const std::string_view value = sealed.substr(0, sealed.size() - kSealBytes);
  return sealed.substr(value.size()) == Seal(key, value) && accept(value) ? Found::kAccepted : Found::kDamaged;
}

// Every key is read in one read transaction (one snapshot: a layer's parts never mix two writers' versions), and
// only then are the hits marked used and the damaged entries dropped, in one short write. Marking used never
// waits: a reader that held the write lock while it decoded a layer's parts once made six scans sharing a cache
// queue behind each other, and a busy cache costs only LRU precision. Dropping damage does wait, so the scan
// that walks the layer again finds the part absent and rewrites it.
void LayerCache::ReadMany(const std::vector<std::string>& keys,
                          const std::function<bool(std::size_t, std::string_view)>& accept) {
  std::vector<std::string> used, damaged;
  Exec("BEGIN");  // if BEGIN fails, each SELECT is its own transaction
  for (std::size_t i = 0; i < keys.size(); ++i) {
    switch (ReadSealed(keys[i], [&](std::string_view value) { return accept(i, value); })) {
      case Found::kAccepted: used.push_back(keys[i]); break;
      case Found::kDamaged: damaged.push_back(keys[i]); break;
      case Found::kMissing: break;
    }
  }
  EndTransaction();
  if (used.empty() && damaged.empty()) return;
  if (damaged.empty()) sqlite3_busy_timeout(db_, 0);
  if (Exec("BEGIN IMMEDIATE")) {
    ForEachKey("UPDATE layers SET used = ?1 WHERE key = ?2", used);
    ForEachKey("DELETE FROM layers WHERE key = ?2", damaged);
  }
  EndTransaction();
  sqlite3_busy_timeout(db_, kCacheBusyTimeoutMilliseconds);
}

// Runs `sql` once per key: ?1 is now (microseconds), ?2 the key. Best effort, inside the caller's transaction.
void LayerCache::ForEachKey(const char* sql, const std::vector<std::string>& keys) {
  Statement statement(db_, sql);
  if (!statement) return;
  for (const std::string& key : keys) {
    sqlite3_reset(statement.get());
    sqlite3_bind_int64(statement.get(), 1, NowMicros());
    sqlite3_bind_text(statement.get(), 2, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_step(statement.get());
  }
}

std::optional<LayerFiles> LayerCache::Get(const std::string& key) { return std::move(GetMany({key})[0]); }

std::vector<std::optional<LayerFiles>> LayerCache::GetMany(const std::vector<std::string>& keys) {
  std::vector<std::optional<LayerFiles>> out(keys.size());
  ReadMany(keys, [&](std::size_t i, std::string_view value) {
    auto decoded = DecodeLayerFiles(value);
    if (decoded) out[i] = std::move(*decoded);
    return decoded.has_value();
  });
  return out;
}

std::optional<std::string> LayerCache::GetBytes(const std::string& key) {
  std::optional<std::string> out;
  ReadMany({key}, [&](std::size_t, std::string_view value) {
    out = std::string(value);
    return true;
  });
  return out;
}

Status LayerCache::Put(const std::string& key, const LayerFiles& files) {
  return Store({{key, EncodeLayerFiles(files)}});
}

Status LayerCache::PutBytes(const std::string& key, std::string_view value) {
  return Store({{key, std::string(value)}});
}

Status LayerCache::PutMany(const std::vector<std::pair<std::string, LayerFiles>>& entries) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [key, files] : entries) encoded.emplace_back(key, EncodeLayerFiles(files));
  return Store(std::move(encoded));
}

// Values are encoded and sealed before the write lock is taken, so it is held only for the inserts. A cache that
// another process held for the whole busy timeout is skipped, not an error: nothing is lost (the next scan
// stores what this one could not), and a scan's report must not depend on who else used the cache.
Status LayerCache::Store(std::vector<std::pair<std::string, std::string>> entries) {
  std::erase_if(entries, [&](const auto& entry) {
    return entry.second.size() > kMaxCachedLayerBytes || entry.second.size() > max_bytes_;
  });
  if (entries.empty()) return {};
  for (auto& [key, value] : entries) value += Seal(key, value);
  if (!Exec("BEGIN IMMEDIATE")) {
    if (sqlite3_errcode(db_) == SQLITE_BUSY) return {};
    return Fail("cache: {}", sqlite3_errmsg(db_));
  }
  auto abandon = [&]() -> Status {
    std::string why = sqlite3_errmsg(db_);
    Exec("ROLLBACK");
    return Fail("cache: {}", why);
  };
  Statement insert(db_, "INSERT OR REPLACE INTO layers (key, value, bytes, used) VALUES (?, ?, ?, ?)");
  if (!insert) return abandon();
  for (const auto& [key, value] : entries) {
    sqlite3_reset(insert.get());
    sqlite3_bind_text(insert.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(insert.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert.get(), 3, static_cast<sqlite3_int64>(value.size()));
    sqlite3_bind_int64(insert.get(), 4, NowMicros());
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return abandon();
  }
  if (!EndTransaction()) return Fail("cache: {}", sqlite3_errmsg(db_));
  return Evict();
}

bool LayerCache::Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

// COMMIT, or ROLLBACK when COMMIT could not end the transaction: a connection never stays inside one, where a
// later BEGIN would fail and every statement would read an old snapshot.
bool LayerCache::EndTransaction() {
  if (sqlite3_get_autocommit(db_) != 0) return true;
  if (Exec("COMMIT")) return true;
  Exec("ROLLBACK");
  return false;
}

std::vector<bool> LayerCache::ContainsMany(const std::vector<std::string>& keys) {
  std::vector<bool> out;
  Statement select(db_, "SELECT 1 FROM layers WHERE key = ?");
  for (const std::string& key : keys) {
    bool found = false;
    if (select) {
      sqlite3_reset(select.get());
      sqlite3_bind_text(select.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
      found = sqlite3_step(select.get()) == SQLITE_ROW;
    }
    out.push_back(found);
  }
  return out;
}

std::uint64_t LayerCache::TotalBytes() {
  Statement sum(db_, "SELECT COALESCE(SUM(bytes), 0) FROM layers");
  if (!sum || sqlite3_step(sum.get()) != SQLITE_ROW) return 0;
  return static_cast<std::uint64_t>(sqlite3_column_int64(sum.get(), 0));
}

Status LayerCache::Evict() {
  // Oldest first, one row at a time: each DELETE is its own short write, never a long lock.
  while (TotalBytes() > max_bytes_) {
    Statement del(db_, "DELETE FROM layers WHERE key = (SELECT key FROM layers ORDER BY used LIMIT 1)");
    if (!del) return Fail("cache: {}", sqlite3_errmsg(db_));
    if (const int rc = sqlite3_step(del.get()); rc != SQLITE_DONE) {
      if (rc == SQLITE_BUSY) return {};  // another process holds the cache: the next Store evicts
      return Fail("cache: {}", sqlite3_errmsg(db_));
    }
    if (sqlite3_changes(db_) == 0) break;
  }
  return {};
}

}  // namespace drydock
