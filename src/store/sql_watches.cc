// SqlStore: registry watches, the digest last seen behind each tag (shared by the poller and the registry's
// push notifications, so either one notices a moved tag), and the notification ids already taken.
#include <nlohmann/json.hpp>

#include "store/sql_claim.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::string_view kWatchColumns =
    "id, repository, tag_pattern, interval_ms, next_poll_ms, last_poll_ms, last_error, created_ms";

Watch ReadWatch(const SqlStatement& q) {
  return Watch{.id = q.Int(0),
               .repository = q.Text(1),
               .tag_pattern = q.Text(2),
               .interval_ms = q.Int(3),
               .next_poll_ms = q.Int(4),
               .last_poll_ms = q.Int(5),
               .last_error = q.Text(6),
               .created_ms = q.Int(7)};
}

}  // namespace

Result<std::int64_t> SqlStore::AddWatch(const Watch& watch, std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("INSERT INTO watches (repository, tag_pattern, interval_ms, next_poll_ms, created_ms) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, watch.repository).Bind(2, watch.tag_pattern).Bind(3, watch.interval_ms).Bind(4, now_ms).Bind(5, now_ms);
  auto row = q->Step();
  if (!row) return std::unexpected(row.error());
  const std::int64_t id = q->Int(0);
  if (auto rest = q->Run(); !rest) return std::unexpected(rest.error());
  return id;
}

Result<std::vector<Watch>> SqlStore::ListWatches() {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM watches ORDER BY id", kWatchColumns));
  if (!q) return std::unexpected(q.error());
  return ReadRows(*q, ReadWatch);
}

Result<bool> SqlStore::DeleteWatch(std::int64_t id) {
  Conn db = Acquire();
  auto q = db->Prepare("DELETE FROM watches WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, id).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

Result<std::vector<Watch>> SqlStore::ClaimDueWatches(std::int64_t now_ms) {
  Conn db = Acquire();
  // No subquery: a second claimer's UPDATE (re-checked by PostgreSQL on the rows it waited for) finds them moved
  // to their next poll (sql_claim.h). RETURNING gives the new next_poll_ms.
  return ClaimRows(*db,
                   {.table = "watches",
                    .lease = "next_poll_ms = ? + interval_ms",
                    .which = "next_poll_ms <= ?",
                    .returning = kWatchColumns},
                   ReadWatch, now_ms, now_ms);
}

Status SqlStore::RecordWatchPoll(std::int64_t id, const std::string& error, std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE watches SET last_poll_ms = ?, last_error = ? WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  return q->Bind(1, now_ms).Bind(2, error).Bind(3, id).Run();
}

Result<TagChange> SqlStore::ObserveTag(const std::string& repository, const std::string& tag,
                                          const std::string& digest, const std::string& source,
                                          std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto read = db->Prepare("SELECT digest, seen_ms FROM registry_tags WHERE repository = ? AND tag = ?");
  if (!read) return std::unexpected(read.error());
  auto row = read->Bind(1, repository).Bind(2, tag).Step();
  if (!row) return std::unexpected(row.error());
  TagChange change;
  change.is_new = !*row;
  if (*row) {
    change.previous_digest = read->Text(0);
    change.previous_seen_ms = read->Int(1);
    change.mutated = change.previous_digest != digest;
    if (!change.mutated) return change;  // unchanged: nothing to write
  }
  auto put = db->Prepare("INSERT INTO registry_tags (repository, tag, digest, seen_ms) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest, "
                          "seen_ms = excluded.seen_ms");
  if (!put) return std::unexpected(put.error());
  if (auto done = put->Bind(1, repository).Bind(2, tag).Bind(3, digest).Bind(4, now_ms).Run(); !done) {
    return std::unexpected(done.error());
  }
  if (change.mutated) {
    const NewEvent mutated{.type = std::string(kEventTagMutated),
                           .digest = digest,
                           .repository = repository,
                           .payload = nlohmann::json{{"repository", repository},
                                                     {"tag", tag},
                                                     {"old_digest", change.previous_digest},
                                                     {"new_digest", digest},
                                                     {"old_seen_ms", change.previous_seen_ms},
                                                     {"detected_ms", now_ms},
                                                     {"source", source}}
                                          .dump()};
    if (auto done = InsertEvents(*db, std::span(&mutated, 1), now_ms); !done) return std::unexpected(done.error());
  }
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  return change;
}

Result<bool> SqlStore::HookEventSeen(const std::string& event_id) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT 1 FROM registry_hook_events WHERE event_id = ?");
  if (!q) return std::unexpected(q.error());
  return q->Bind(1, event_id).Step();
}

Result<bool> SqlStore::FirstSeenHookEvent(const std::string& event_id, std::int64_t now_ms,
                                             std::int64_t forget_before_ms) {
  Conn db = Acquire();
  auto forget = db->Prepare("DELETE FROM registry_hook_events WHERE received_ms < ?");
  if (!forget) return std::unexpected(forget.error());
  if (auto done = forget->Bind(1, forget_before_ms).Run(); !done) return std::unexpected(done.error());
  auto q = db->Prepare("INSERT INTO registry_hook_events (event_id, received_ms) VALUES (?, ?) "
                        "ON CONFLICT (event_id) DO NOTHING");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, event_id).Bind(2, now_ms).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

}  // namespace drydock
