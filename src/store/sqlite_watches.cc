// SqliteStore: registry watches, the digest last seen behind each tag (shared by the poller and the registry's
// push notifications, so either one notices a moved tag), and the notification ids already taken.
#include <nlohmann/json.hpp>

#include "store/sqlite_store.h"

namespace drydock {
namespace {

constexpr std::string_view kWatchColumns =
    "id, repository, tag_pattern, interval_ms, next_poll_ms, last_poll_ms, last_error, created_ms";

Watch ReadWatch(const SqliteStatement& q) {
  return Watch{.id = q.Int(0),
               .repository = q.Text(1),
               .tag_pattern = q.Text(2),
               .interval_ms = q.Int(3),
               .next_poll_ms = q.Int(4),
               .last_poll_ms = q.Int(5),
               .last_error = q.Text(6),
               .created_ms = q.Int(7)};
}

Result<std::vector<Watch>> ReadWatches(SqliteStatement& q) {
  std::vector<Watch> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(ReadWatch(q));
  }
}

}  // namespace

Result<std::int64_t> SqliteStore::AddWatch(const Watch& watch, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto q = db_->Prepare("INSERT INTO watches (repository, tag_pattern, interval_ms, next_poll_ms, created_ms) "
                        "VALUES (?, ?, ?, ?, ?)");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, watch.repository).Bind(2, watch.tag_pattern).Bind(3, watch.interval_ms).Bind(4, now_ms).Bind(5, now_ms);
  if (auto done = q->Run(); !done) return std::unexpected(done.error());
  return db_->LastInsertId();
}

Result<std::vector<Watch>> SqliteStore::ListWatches() {
  std::lock_guard lock(mutex_);
  auto q = db_->Prepare(fmt::format("SELECT {} FROM watches ORDER BY id", kWatchColumns));
  if (!q) return std::unexpected(q.error());
  return ReadWatches(*q);
}

Result<bool> SqliteStore::DeleteWatch(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto q = db_->Prepare("DELETE FROM watches WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, id).Run(); !done) return std::unexpected(done.error());
  return db_->Changes() == 1;
}

Result<std::vector<Watch>> SqliteStore::ClaimDueWatches(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto tx = SqliteTransaction::Begin(*db_);
  if (!tx) return std::unexpected(tx.error());
  auto q = db_->Prepare(fmt::format("SELECT {} FROM watches WHERE next_poll_ms <= ? ORDER BY next_poll_ms, id",
                                    kWatchColumns));
  if (!q) return std::unexpected(q.error());
  q->Bind(1, now_ms);
  auto due = ReadWatches(*q);
  if (!due) return std::unexpected(due.error());
  auto move = db_->Prepare("UPDATE watches SET next_poll_ms = ? + interval_ms WHERE id = ?");
  if (!move) return std::unexpected(move.error());
  for (const Watch& w : *due) {
    if (auto done = move->Bind(1, now_ms).Bind(2, w.id).Run(); !done) return std::unexpected(done.error());
  }
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  return due;
}

Status SqliteStore::RecordWatchPoll(std::int64_t id, const std::string& error, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto q = db_->Prepare("UPDATE watches SET last_poll_ms = ?, last_error = ? WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  return q->Bind(1, now_ms).Bind(2, error).Bind(3, id).Run();
}

Result<TagChange> SqliteStore::ObserveTag(const std::string& repository, const std::string& tag,
                                          const std::string& digest, const std::string& source,
                                          std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto tx = SqliteTransaction::Begin(*db_);
  if (!tx) return std::unexpected(tx.error());
  auto read = db_->Prepare("SELECT digest, seen_ms FROM registry_tags WHERE repository = ? AND tag = ?");
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
  auto put = db_->Prepare("INSERT INTO registry_tags (repository, tag, digest, seen_ms) VALUES (?, ?, ?, ?) "
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
    if (auto done = InsertEvents(std::span(&mutated, 1), now_ms); !done) return std::unexpected(done.error());
  }
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  return change;
}

Result<bool> SqliteStore::FirstSeenHookEvent(const std::string& event_id, std::int64_t now_ms,
                                             std::int64_t forget_before_ms) {
  std::lock_guard lock(mutex_);
  auto forget = db_->Prepare("DELETE FROM registry_hook_events WHERE received_ms < ?");
  if (!forget) return std::unexpected(forget.error());
  if (auto done = forget->Bind(1, forget_before_ms).Run(); !done) return std::unexpected(done.error());
  auto q = db_->Prepare("INSERT INTO registry_hook_events (event_id, received_ms) VALUES (?, ?) "
                        "ON CONFLICT (event_id) DO NOTHING");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, event_id).Bind(2, now_ms).Run(); !done) return std::unexpected(done.error());
  return db_->Changes() == 1;
}

}  // namespace drydock
