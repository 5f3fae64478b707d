#include "baseimage/base_index.h"

#include "store/sqlite_db.h"

namespace drydock::baseimage {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS base_images (
  chain_id TEXT NOT NULL, repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,
  platform TEXT NOT NULL, created TEXT NOT NULL, layers INTEGER NOT NULL, current INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repository, tag, digest, platform));
CREATE INDEX IF NOT EXISTS base_images_chain ON base_images (chain_id);
CREATE INDEX IF NOT EXISTS base_images_digest ON base_images (digest);
CREATE TABLE IF NOT EXISTS base_sources (repository TEXT PRIMARY KEY, tags_regex TEXT NOT NULL);
)sql";

// Indexes written before sizes were recorded get the column (0 = unknown).
constexpr const char* kHasSize = "SELECT count(*) FROM pragma_table_info('base_images') WHERE name = 'size_bytes'";
constexpr const char* kAddSize = "ALTER TABLE base_images ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0";

constexpr const char* kColumns =
    "SELECT chain_id, repository, tag, digest, platform, created, layers, current, size_bytes FROM base_images ";

}  // namespace

BaseIndex::BaseIndex(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
BaseIndex::~BaseIndex() = default;

Result<std::unique_ptr<BaseIndex>> BaseIndex::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return FailWith(db.error().code, "base index {}: {}", path, db.error().message);
  if (auto made = (*db)->Exec(kSchema); !made) {
    return FailWith(ErrorCode::kInvalidInput, "base index {}: {}", path, made.error().message);
  }
  auto has_size = (*db)->Prepare(kHasSize);
  if (!has_size) return Rewrap(has_size.error(), "base index {}", path);
  auto row = has_size->Step();
  if (!row) return Rewrap(row.error(), "base index {}", path);
  if (*row && has_size->Int(0) == 0) {
    if (auto added = (*db)->Exec(kAddSize); !added) return Rewrap(added.error(), "base index {}", path);
  }
  return std::unique_ptr<BaseIndex>(new BaseIndex(std::move(*db)));
}

Status BaseIndex::RecordTag(const std::string& repository, const std::string& tag,
                            const std::vector<IndexEntry>& entries) {
  auto transaction = SqlTransaction::Begin(*db_);
  if (!transaction) return std::unexpected(transaction.error());
  auto retire = db_->Prepare("UPDATE base_images SET current = 0 WHERE repository = ? AND tag = ?");
  if (!retire) return std::unexpected(retire.error());
  if (auto done = retire->Bind(1, repository).Bind(2, tag).Run(); !done) return done;
  auto insert = db_->Prepare(
      "INSERT INTO base_images (chain_id, repository, tag, digest, platform, created, layers, current, size_bytes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (repository, tag, digest, platform) "
      "DO UPDATE SET current = 1, chain_id = excluded.chain_id, layers = excluded.layers, "
      "size_bytes = excluded.size_bytes");
  if (!insert) return std::unexpected(insert.error());
  for (const IndexEntry& e : entries) {
    insert->Bind(1, e.chain_id).Bind(2, repository).Bind(3, tag).Bind(4, e.digest).Bind(5, e.platform);
    insert->Bind(6, e.created).Bind(7, static_cast<std::int64_t>(e.layers));
    insert->Bind(8, static_cast<std::int64_t>(e.size_bytes));
    if (auto done = insert->Run(); !done) return done;
  }
  return transaction->Commit();
}

Status BaseIndex::RecordSource(const IndexSource& source) {
  auto insert = db_->Prepare(
      "INSERT INTO base_sources VALUES (?, ?) ON CONFLICT (repository) DO UPDATE SET tags_regex = excluded.tags_regex");
  if (!insert) return std::unexpected(insert.error());
  return insert->Bind(1, source.repository).Bind(2, source.tags_regex).Run();
}

Result<std::vector<IndexSource>> BaseIndex::Sources() const {
  auto select = db_->Prepare("SELECT repository, tags_regex FROM base_sources ORDER BY repository");
  if (!select) return std::unexpected(select.error());
  std::vector<IndexSource> out;
  for (;;) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back({select->Text(0), select->Text(1)});
  }
}

Result<std::vector<IndexEntry>> BaseIndex::Query(const char* sql, const std::string& key,
                                                const std::string& key2) const {
  auto select = db_->Prepare(std::string(kColumns) + sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, key);
  if (!key2.empty()) select->Bind(2, key2);
  std::vector<IndexEntry> out;
  for (;;) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back({select->Text(0), select->Text(1), select->Text(2), select->Text(3), select->Text(4),
                   select->Text(5), static_cast<std::size_t>(select->Int(6)),
                   static_cast<std::uint64_t>(select->Int(8)), select->Int(7) != 0});
  }
}

Result<std::vector<IndexEntry>> BaseIndex::Find(const std::string& chain_id) const {
  return Query("WHERE chain_id = ? ORDER BY current DESC, created DESC, repository, tag", chain_id);
}

Result<std::vector<IndexEntry>> BaseIndex::FindDigest(const std::string& digest) const {
  return Query("WHERE digest = ? ORDER BY current DESC, created DESC, repository, tag", digest);
}

Result<std::vector<IndexEntry>> BaseIndex::CurrentTags(const std::string& repository) const {
  return Query("WHERE repository = ? AND current = 1 ORDER BY tag, platform", repository);
}

Result<std::vector<IndexEntry>> BaseIndex::TagHistory(const std::string& repository, const std::string& tag) const {
  return Query("WHERE repository = ? AND tag = ? ORDER BY current DESC, created DESC, platform", repository, tag);
}

Result<std::size_t> BaseIndex::Size() const {
  auto select = db_->Prepare("SELECT count(*) FROM base_images");
  if (!select) return std::unexpected(select.error());
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  return static_cast<std::size_t>(select->Int(0));
}

}  // namespace drydock::baseimage
