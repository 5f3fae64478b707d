// SqlStore: the re-match index (which images hold which DB look-up keys) and the reads a re-match needs.
#include <algorithm>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

Result<std::vector<std::string>> Column0(SqlStatement& q) {
  return ReadRows(q, [](const SqlStatement& r) { return r.Text(0); });
}

}  // namespace

Result<bool> SqlStore::SetMatchKeys(const std::string& digest, std::span<const MatchKey> keys) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto exists = db->Prepare("SELECT 1 FROM images WHERE digest = ?");
  if (!exists) return std::unexpected(exists.error());
  auto found = exists->Bind(1, digest).Step();
  if (!found) return std::unexpected(found.error());
  exists->Reset();
  if (!*found) return false;
  auto drop = db->Prepare("DELETE FROM match_keys WHERE digest = ?");
  if (!drop) return std::unexpected(drop.error());
  if (auto done = drop->Bind(1, digest).Run(); !done) return std::unexpected(done.error());
  auto put = db->Prepare("INSERT INTO match_keys (digest, ecosystem, name) VALUES (?, ?, ?) "
                          "ON CONFLICT (ecosystem, name, digest) DO NOTHING");
  if (!put) return std::unexpected(put.error());
  for (const MatchKey& key : keys) {
    if (auto done = put->Bind(1, digest).Bind(2, key.ecosystem).Bind(3, key.name).Run(); !done) {
      return std::unexpected(done.error());
    }
  }
  auto mark = db->Prepare("INSERT INTO match_indexed (digest) VALUES (?) ON CONFLICT (digest) DO NOTHING");
  if (!mark) return std::unexpected(mark.error());
  if (auto done = mark->Bind(1, digest).Run(); !done) return std::unexpected(done.error());
  if (auto done = tx->Commit(); !done) return std::unexpected(done.error());
  return true;
}

Result<std::vector<std::string>> SqlStore::UnindexedImages(std::size_t limit) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT i.digest FROM images i LEFT JOIN match_indexed m ON m.digest = i.digest "
                        "WHERE m.digest IS NULL ORDER BY i.digest LIMIT ?");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, static_cast<std::int64_t>(limit));
  return Column0(*q);
}

Result<std::vector<std::string>> SqlStore::ImagesWithKeys(std::span<const MatchKey> keys) {
  Conn db = Acquire();
  // One indexed probe per key: a DB update changes a few thousand keys at most, each held by few images.
  std::vector<std::string> digests;
  for (const MatchKey& key : keys) {
    auto q = db->Prepare("SELECT digest FROM match_keys WHERE ecosystem = ? AND name = ?");
    if (!q) return std::unexpected(q.error());
    q->Bind(1, key.ecosystem).Bind(2, key.name);
    auto some = Column0(*q);
    if (!some) return std::unexpected(some.error());
    digests.insert(digests.end(), some->begin(), some->end());
  }
  std::sort(digests.begin(), digests.end());
  digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
  return digests;
}

Result<std::vector<std::string>> SqlStore::ImageDigests() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT digest FROM images ORDER BY digest");
  if (!q) return std::unexpected(q.error());
  return Column0(*q);
}

Result<std::optional<StoredImage>> SqlStore::GetImage(const std::string& digest) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT digest, repository, report_json, db_built_at FROM images WHERE digest = ?");
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, digest).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<StoredImage>();
  return std::optional<StoredImage>(
      StoredImage{.digest = q->Text(0), .repository = q->Text(1), .report_json = q->Text(2), .db_built_at = q->Text(3)});
}

}  // namespace drydock
