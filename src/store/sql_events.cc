// SqlStore: the events outbox and the DB generations (store/events.h).
#include <algorithm>
#include <optional>

#include "store/sql_store.h"

namespace drydock {
namespace {

DbGenerationRecord GenerationFrom(const SqlStatement& r) {
  return {.id = r.Int(0), .digest = r.Text(1), .built_at = r.Text(2), .first_seen_ms = r.Int(3),
          .processed_ms = r.Int(4), .finding_counts = r.Text(5)};
}

constexpr std::string_view kGenerationColumns =
    "SELECT id, digest, built_at, first_seen_ms, processed_ms, finding_counts FROM db_generations";

}  // namespace

Status SqlStore::InsertEvents(SqlDb& db, std::span<const NewEvent> events, std::int64_t now_ms) {
  if (events.empty()) return {};
  if (db.Dialect() == SqlDialect::kPostgres) {
    // Ids are the readers' cursor: appends must commit in id order, or a reader past a later id would skip an
    // earlier one still uncommitted. SQLite's write lock gives that; PostgreSQL needs the table lock.
    if (auto locked = db.Exec("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"); !locked) return locked;
  }
  auto q = db.Prepare("INSERT INTO events (type, digest, repository, generation, severity, created_ms, payload) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!q) return std::unexpected(q.error());
  for (const NewEvent& e : events) {
    q->Bind(1, e.type).Bind(2, e.digest).Bind(3, e.repository).Bind(4, e.generation).Bind(5, e.severity);
    q->Bind(6, now_ms).Bind(7, e.payload.empty() ? std::string_view("{}") : std::string_view(e.payload));
    if (auto done = q->Run(); !done) return done;
  }
  return {};
}

Result<std::int64_t> SqlStore::AppendEvents(std::span<const NewEvent> events, std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  if (auto done = InsertEvents(*db, events, now_ms); !done) return std::unexpected(done.error());
  auto last = db->Prepare("SELECT COALESCE(MAX(id), 0) FROM events");
  if (!last) return std::unexpected(last.error());
  if (auto row = last->Step(); !row) return std::unexpected(row.error());
  const std::int64_t id = last->Int(0);
  last->Reset();
  if (auto done = tx->Commit(); !done) return std::unexpected(done.error());
  return id;
}

// The findings stay as stored: one small row update (guarded like a findings update), no report rewrite.
Result<bool> SqlStore::UpdateGeneration(const FindingsUpdate& update) {
  Conn db = Acquire();
  const bool guarded = update.expected_report_json.has_value();
  auto q = db->Prepare(guarded ? "UPDATE images SET db_built_at = ? WHERE digest = ? AND report_json = ?"
                               : "UPDATE images SET db_built_at = ? WHERE digest = ?");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, update.db_built_at).Bind(2, update.digest);
  if (guarded) q->Bind(3, *update.expected_report_json);
  if (auto done = q->Run(); !done) return std::unexpected(done.error());
  return db->Changes() > 0;
}

Result<bool> SqlStore::UpdateFindings(const FindingsUpdate& update, std::span<const NewEvent> events,
                                         std::int64_t now_ms) {
  if (update.report_unchanged) return UpdateGeneration(update);
  if (update.report == nullptr) return FailWith(ErrorCode::kInvalidInput, "no report for {}", update.digest);
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  const bool guarded = update.expected_report_json.has_value();
  auto image = db->Prepare(guarded ? "UPDATE images SET finding_count = ?, report_json = ?, db_built_at = ? "
                                     "WHERE digest = ? AND report_json = ?"
                                   : "UPDATE images SET finding_count = ?, report_json = ?, db_built_at = ? "
                                     "WHERE digest = ?");
  if (!image) return std::unexpected(image.error());
  image->Bind(1, static_cast<std::int64_t>(update.report->vulnerabilities.size())).Bind(2, update.report_json);
  image->Bind(3, update.db_built_at).Bind(4, update.digest);
  if (guarded) image->Bind(5, *update.expected_report_json);
  if (auto done = image->Run(); !done) return std::unexpected(done.error());
  if (db->Changes() == 0) return false;  // gone or changed meanwhile: no findings to keep, no events about them
  if (auto done = ReplaceFindings(*db, update.digest, *update.report); !done) return std::unexpected(done.error());
  if (auto done = InsertEvents(*db, events, now_ms); !done) return std::unexpected(done.error());
  if (auto done = tx->Commit(); !done) return std::unexpected(done.error());
  return true;
}

Result<std::vector<Event>> SqlStore::EventsAfter(std::int64_t after, std::size_t limit,
                                                    const EventFilter& filter) {
  std::string sql = "SELECT id, type, digest, repository, generation, severity, created_ms, payload FROM events "
                    "WHERE id > ?";
  if (!filter.types.empty()) {
    sql += " AND type IN (";
    for (std::size_t i = 0; i < filter.types.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  if (!filter.repository.empty()) sql += " AND repository = ?";
  if (!filter.digest.empty()) sql += " AND digest = ?";
  sql += " ORDER BY id LIMIT ?";
  Conn db = Acquire();
  auto q = db->Prepare(sql);
  if (!q) return std::unexpected(q.error());
  int index = 1;
  q->Bind(index++, after);
  for (const std::string& type : filter.types) q->Bind(index++, type);
  if (!filter.repository.empty()) q->Bind(index++, filter.repository);
  if (!filter.digest.empty()) q->Bind(index++, filter.digest);
  q->Bind(index, static_cast<std::int64_t>(std::clamp<std::size_t>(limit, 1, kMaxEventsPage)));
  std::vector<Event> events;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return events;
    events.push_back({.id = q->Int(0), .type = q->Text(1), .digest = q->Text(2), .repository = q->Text(3),
                      .generation = q->Text(4), .severity = q->Text(5), .payload = q->Text(7),
                      .created_ms = q->Int(6)});
  }
}

Result<std::int64_t> SqlStore::LastEventId() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT COALESCE(MAX(id), 0) FROM events");
  if (!q) return std::unexpected(q.error());
  if (auto row = q->Step(); !row) return std::unexpected(row.error());
  return q->Int(0);
}

Result<std::pair<DbGenerationRecord, bool>> SqlStore::RecordGeneration(const std::string& digest,
                                                                          const std::string& built_at,
                                                                          std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  // Looked up before inserting: a conflicting insert would still use up an id, and ids number generations.
  auto read = [&]() -> Result<std::optional<DbGenerationRecord>> {
    auto q = db->Prepare(std::string(kGenerationColumns) + " WHERE digest = ?");
    if (!q) return std::unexpected(q.error());
    auto row = q->Bind(1, digest).Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<DbGenerationRecord>();
    return std::optional<DbGenerationRecord>(GenerationFrom(*q));
  };
  auto existing = read();
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return std::pair{std::move(**existing), false};
  auto put = db->Prepare("INSERT INTO db_generations (digest, built_at, first_seen_ms) VALUES (?, ?, ?)");
  if (!put) return std::unexpected(put.error());
  if (auto done = put->Bind(1, digest).Bind(2, built_at).Bind(3, now_ms).Run(); !done) {
    return std::unexpected(done.error());
  }
  auto made = read();
  if (!made) return std::unexpected(made.error());
  if (!*made) return Fail("db_generations: {} vanished", digest);
  DbGenerationRecord record = std::move(**made);
  if (auto done = tx->Commit(); !done) return std::unexpected(done.error());
  return std::pair{std::move(record), true};
}

Status SqlStore::MarkGenerationProcessed(const std::string& digest, const std::string& finding_counts,
                                            std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE db_generations SET processed_ms = ?, finding_counts = ? WHERE digest = ?");
  if (!q) return std::unexpected(q.error());
  return q->Bind(1, now_ms).Bind(2, finding_counts).Bind(3, digest).Run();
}

Result<std::vector<DbGenerationRecord>> SqlStore::Generations() {
  Conn db = Acquire();
  auto q = db->Prepare(std::string(kGenerationColumns) + " ORDER BY id");
  if (!q) return std::unexpected(q.error());
  std::vector<DbGenerationRecord> records;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return records;
    records.push_back(GenerationFrom(*q));
  }
}

}  // namespace drydock
