#include "baseimage/base_index.h"

#include "store/sqlite_db.h"

namespace drydock::baseimage {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS base_images (
  chain_id TEXT NOT NULL, repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,
  platform TEXT NOT NULL, created TEXT NOT NULL, layers INTEGER NOT NULL, current INTEGER NOT NULL,
  PRIMARY KEY (repository, tag, digest, platform));
CREATE INDEX IF NOT EXISTS base_images_chain ON base_images (chain_id);
CREATE INDEX IF NOT EXISTS base_images_digest ON base_images (digest);
CREATE TABLE IF NOT EXISTS base_sources (repository TEXT PRIMARY KEY, tags_regex TEXT NOT NULL);
)sql";

constexpr const char* kColumns =
    "SELECT chain_id, repository, tag, digest, platform, created, layers, current FROM base_images ";

}  // namespace

BaseIndex::BaseIndex(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
BaseIndex::~BaseIndex() = default;

Result<std::unique_ptr<BaseIndex>> BaseIndex::Open(const std::string& path) {
  auto db = SqliteDb::Open(path);
  if (!db) return FailWith(db.error().code, "base index {}: {}", path, db.error().message);
  if (auto made = (*db)->Exec(kSchema); !made) {
    return FailWith(ErrorCode::kInvalidInput, "base index {}: {}", path, made.error().message);
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
      "INSERT INTO base_images VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (repository, tag, digest, platform) "
      "DO UPDATE SET current = 1, chain_id = excluded.chain_id, layers = excluded.layers");
  if (!insert) return std::unexpected(insert.error());
  for (const IndexEntry& e : entries) {
    insert->Bind(1, e.chain_id).Bind(2, repository).Bind(3, tag).Bind(4, e.digest).Bind(5, e.platform);
    insert->Bind(6, e.created).Bind(7, static_cast<std::int64_t>(e.layers));
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

Result<std::vector<IndexEntry>> BaseIndex::Query(const char* sql, const std::string& key) const {
  auto select = db_->Prepare(std::string(kColumns) + sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, key);
  std::vector<IndexEntry> out;
  for (;;) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back({select->Text(0), select->Text(1), select->Text(2), select->Text(3), select->Text(4),
                   select->Text(5), static_cast<std::size_t>(select->Int(6)), select->Int(7) != 0});
  }
}

Result<std::vector<IndexEntry>> BaseIndex::Find(const std::string& chain_id) const {
  return Query("WHERE chain_id = ? ORDER BY current DESC, created DESC, repository, tag", chain_id);
}

Result<std::vector<IndexEntry>> BaseIndex::FindDigest(const std::string& digest) const {
  return Query("WHERE digest = ? ORDER BY current DESC, created DESC, repository, tag", digest);
}

Result<std::size_t> BaseIndex::Size() const {
  auto select = db_->Prepare("SELECT count(*) FROM base_images");
  if (!select) return std::unexpected(select.error());
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  return static_cast<std::size_t>(select->Int(0));
}

}  // namespace drydock::baseimage
