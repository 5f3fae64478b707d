// SqlStore: the base each stored image was built on, and the base refresh's advice about it (store/image_bases.h).
#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::string_view kColumns =
    "SELECT b.digest, b.name, b.tag, b.base_digest, b.source, b.reason, b.outdated, b.current_digest, "
    "b.advice_json, b.advised_ms FROM image_bases b";

ImageBase RowOf(const SqlStatement& r) {
  return {.digest = r.Text(0), .name = r.Text(1), .tag = r.Text(2), .base_digest = r.Text(3), .source = r.Text(4),
          .reason = r.Text(5), .outdated = r.Int(6) != 0, .current_digest = r.Text(7), .advice_json = r.Text(8),
          .advised_ms = r.Int(9)};
}

Result<std::vector<ImageBase>> Rows(SqlStatement& q) {
  std::vector<ImageBase> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(RowOf(q));
  }
  q.Reset();
  return out;
}

}  // namespace

Status SqlStore::SetImageBase(const std::string& digest, const std::optional<ImageBase>& base) {
  Conn db = Acquire();
  if (!base) {
    auto q = db->Prepare("DELETE FROM image_bases WHERE digest = ?");
    if (!q) return std::unexpected(q.error());
    return q->Bind(1, digest).Run();
  }
  // Re-advised at the next pass (advised_ms 0). Another base than the row held: what was advised about the old
  // one no longer applies, so it goes now.
  auto q = db->Prepare(
      "INSERT INTO image_bases (digest, name, tag, base_digest, source, reason) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (digest) DO UPDATE SET name = excluded.name, tag = excluded.tag, source = excluded.source, "
      "reason = excluded.reason, "
      "outdated = CASE WHEN image_bases.base_digest = excluded.base_digest THEN image_bases.outdated ELSE 0 END, "
      "current_digest = CASE WHEN image_bases.base_digest = excluded.base_digest THEN image_bases.current_digest "
      "ELSE '' END, "
      "advice_json = CASE WHEN image_bases.base_digest = excluded.base_digest THEN image_bases.advice_json "
      "ELSE '' END, "
      "advised_ms = 0, "
      "base_digest = excluded.base_digest");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, digest).Bind(2, base->name).Bind(3, base->tag).Bind(4, base->base_digest).Bind(5, base->source);
  q->Bind(6, base->reason);
  return q->Run();
}

Result<std::vector<ImageBase>> SqlStore::ImageBases() {
  Conn db = Acquire();
  auto q = db->Prepare(std::string(kColumns) + " ORDER BY b.name, b.tag, b.digest");
  if (!q) return std::unexpected(q.error());
  return Rows(*q);
}

Result<std::vector<ImageBase>> SqlStore::ImageBasesOf(const std::vector<std::string>& digests) {
  std::vector<ImageBase> out;
  if (digests.empty()) return out;
  Conn db = Acquire();
  auto q = db->Prepare(std::string(kColumns) + " WHERE b.digest = ?");
  if (!q) return std::unexpected(q.error());
  for (const std::string& digest : digests) {
    q->Bind(1, digest);
    auto rows = Rows(*q);
    if (!rows) return std::unexpected(rows.error());
    for (ImageBase& row : *rows) out.push_back(std::move(row));
  }
  return out;
}

Result<bool> SqlStore::RecordBaseAdvice(const BaseAdviceRecord& record, const NewEvent* outdated_event,
                                        std::int64_t now_ms, bool* announced) {
  if (announced != nullptr) *announced = false;
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db, TxMode::kWrite);
  if (!tx) return std::unexpected(tx.error());
  auto q = db->Prepare("UPDATE image_bases SET outdated = ?, current_digest = ?, advice_json = ?, advised_ms = ? "
                       "WHERE digest = ? AND base_digest = ?");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, std::int64_t{record.outdated ? 1 : 0}).Bind(2, record.current_digest).Bind(3, record.advice_json);
  q->Bind(4, now_ms).Bind(5, record.digest).Bind(6, record.base_digest);
  if (auto done = q->Run(); !done) return std::unexpected(done.error());
  if (db->Changes() == 0) return false;
  if (outdated_event != nullptr && !record.current_digest.empty()) {
    // Taken by one writer only: a second process (or pass) finds announced_digest already moved.
    auto take = db->Prepare("UPDATE image_bases SET announced_digest = ? WHERE digest = ? AND announced_digest <> ?");
    if (!take) return std::unexpected(take.error());
    if (auto done = take->Bind(1, record.current_digest).Bind(2, record.digest).Bind(3, record.current_digest).Run();
        !done) {
      return std::unexpected(done.error());
    }
    if (db->Changes() > 0) {
      if (auto done = InsertEvents(*db, std::span(outdated_event, 1), now_ms); !done) {
        return std::unexpected(done.error());
      }
      if (announced != nullptr) *announced = true;
    }
  }
  if (auto done = tx->Commit(); !done) return std::unexpected(done.error());
  return true;
}

}  // namespace drydock
