#include <algorithm>
#include <filesystem>
#include <string_view>

#include "catalog/purl.h"
#include "store/pg_db.h"
#include "store/sql_store.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace drydock {
namespace {

constexpr std::size_t kPostgresConnections = 8;

}  // namespace

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
  }
  return "queued";
}

Result<std::string> PurlBase(std::string_view purl) {
  // A '@' opening a path segment cannot be the version's (that one follows a name): it is a scope's, which the
  // spec encodes but people and URL decoding leave plain. Encoded, the parser reads it as part of the namespace.
  const std::size_t path_end = std::min(purl.find_first_of("?#"), purl.size());
  std::string text;
  for (std::size_t i = 0; i < path_end; ++i) {
    text += purl[i] == '@' && i > 0 && purl[i - 1] == '/' ? std::string_view("%40") : purl.substr(i, 1);
  }
  text += purl.substr(path_end);
  auto key = PurlKeyOf(text);
  if (!key) return FailWith(ErrorCode::kInvalidInput, "{}", key.error().message);
  return key->base;
}

std::string StoredPurlBase(std::string_view purl) {
  if (auto key = PurlBase(purl)) return *key;
  // Not a purl: the text cut as before, so the row keeps the key it always had.
  purl = purl.substr(0, purl.find('#'));
  purl = purl.substr(0, purl.find('?'));
  if (std::size_t at = purl.rfind('@'); at != std::string_view::npos && at > purl.find('/')) purl = purl.substr(0, at);
  return std::string(purl);
}

std::string RedactedStoreUrl(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t at = url.find('@', scheme == std::string::npos ? 0 : scheme);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
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
    // One connection: SQLite's writers serialize on the file anyway, and one connection under the pool's
    // lock never waits on its own process's busy timeout.
    auto store = SqlStore::Open([&]() -> Result<std::unique_ptr<SqlDb>> {
      auto db = SqliteDb::Open(path);
      if (!db) return std::unexpected(db.error());
      return std::unique_ptr<SqlDb>(std::move(*db));
    }, 1);
    if (!store) return Rewrap(store.error(), "store {}", path);
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    // Several connections: API requests and this process's workers use the store at once, and PostgreSQL
    // serves them in parallel.
    auto store = SqlStore::Open([&]() -> Result<std::unique_ptr<SqlDb>> {
      auto db = PgDb::Open(url);
      if (!db) return std::unexpected(db.error());
      return std::unique_ptr<SqlDb>(std::move(*db));
    }, kPostgresConnections);
    if (!store) return Rewrap(store.error(), "store {}", RedactedStoreUrl(url));
    return std::unique_ptr<Store>(std::move(*store));
  }
  return FailWith(ErrorCode::kInvalidInput, "store \"{}\": expected sqlite:PATH or postgres://...", RedactedStoreUrl(url));
}

}  // namespace drydock
