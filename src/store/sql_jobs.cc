// SqlStore: the durable job queue and API tokens. A claim is one statement in a write transaction (take the
// best queued job, mark it running with a new lease token), so two workers, in one process or several, never
// take the same job; completion and failure are fenced by that token.
#include "store/sql_claim.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::string_view kJobColumns =
    "id, kind, payload, dedupe_key, state, priority, attempts, max_attempts, lease_owner, lease_token, error, "
    "result, created_ms, started_ms, finished_ms";

JobState StateFromName(std::string_view name) {
  if (name == "running") return JobState::kRunning;
  if (name == "done") return JobState::kDone;
  if (name == "failed") return JobState::kFailed;
  return JobState::kQueued;
}

Job ReadJob(const SqlStatement& q) {
  return Job{.id = q.Int(0),
             .kind = q.Text(1),
             .payload = q.Text(2),
             .dedupe_key = q.Text(3),
             .state = StateFromName(q.Text(4)),
             .priority = static_cast<int>(q.Int(5)),
             .attempts = static_cast<int>(q.Int(6)),
             .max_attempts = static_cast<int>(q.Int(7)),
             .lease_owner = q.Text(8),
             .lease_token = q.Int(9),
             .error = q.Text(10),
             .result = q.Text(11),
             .created_unix_ms = q.Int(12),
             .started_unix_ms = q.Int(13),
             .finished_unix_ms = q.Int(14)};
}

}  // namespace

Result<Enqueued> SqlStore::Enqueue(const NewJob& job, std::int64_t now_ms) {
  Conn db = Acquire();
  // The live-key index decides, atomically in both engines: the insert adds nothing when a queued or running
  // job has the key, and then that job is the answer. It can finish between the two statements; try again.
  auto put = db->Prepare("INSERT INTO jobs (kind, payload, dedupe_key, state, priority, max_attempts, created_ms) "
                         "VALUES (?, ?, ?, 'queued', ?, ?, ?) "
                         "ON CONFLICT (dedupe_key) WHERE state IN ('queued', 'running') DO NOTHING RETURNING id");
  auto live = db->Prepare("SELECT id FROM jobs WHERE dedupe_key = ? AND state IN ('queued', 'running')");
  if (!put) return std::unexpected(put.error());
  if (!live) return std::unexpected(live.error());
  put->Bind(1, job.kind).Bind(2, job.payload).Bind(3, job.dedupe_key).Bind(4, std::int64_t{job.priority});
  put->Bind(5, std::int64_t{std::max(job.max_attempts, 1)}).Bind(6, now_ms);
  live->Bind(1, job.dedupe_key);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto created = put->Step();
    if (!created) return std::unexpected(created.error());
    if (*created) {
      Enqueued enqueued{.id = put->Int(0), .created = true};
      if (auto rest = put->Run(); !rest) return std::unexpected(rest.error());
      return enqueued;
    }
    put->Reset();
    auto found = live->Step();
    if (!found) return std::unexpected(found.error());
    if (*found) return Enqueued{.id = live->Int(0), .created = false};
    live->Reset();
  }
  return FailWith(ErrorCode::kUnavailable, "job \"{}\" kept changing state while being queued", job.dedupe_key);
}

Result<std::optional<Job>> SqlStore::GetJob(std::int64_t id) {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM jobs WHERE id = ?", kJobColumns));
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, id).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Job>();
  return std::optional<Job>(ReadJob(*q));
}

Result<std::optional<Job>> SqlStore::Claim(const std::string& owner, std::int64_t now_ms, std::int64_t lease_ms) {
  Conn db = Acquire();
  // The best queued job whose retry time has come (sql_claim.h says how claimers stay apart). `id = (...)` keeps
  // the pick a subquery run once; PostgreSQL may turn an `IN (...)` into a join that runs it again, and with
  // SKIP LOCKED a second run picks another row.
  // The new token is the old one + 1: a worker whose lease was reaped holds a token that no longer matches.
  const std::string which = fmt::format(
      "id = (SELECT id FROM jobs WHERE state = 'queued' AND not_before_ms <= ? ORDER BY priority DESC, id LIMIT 1{})",
      db->SkipLockedClause());
  auto jobs = ClaimRows(*db,
                        {.table = "jobs",
                         .lease = "state = 'running', lease_owner = ?, lease_token = lease_token + 1, "
                                  "lease_expires_ms = ?, attempts = attempts + 1, started_ms = ?",
                         .which = which,
                         .returning = kJobColumns},
                        ReadJob, owner, now_ms + lease_ms, now_ms, now_ms);
  if (!jobs) return std::unexpected(jobs.error());
  if (jobs->empty()) return std::optional<Job>();
  return std::optional<Job>(std::move(jobs->front()));
}

Result<bool> SqlStore::Heartbeat(std::int64_t id, std::int64_t token, std::int64_t now_ms, std::int64_t lease_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE jobs SET lease_expires_ms = ? WHERE id = ? AND lease_token = ? AND state = 'running'");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, now_ms + lease_ms).Bind(2, id).Bind(3, token).Run(); !done) {
    return std::unexpected(done.error());
  }
  return db->Changes() == 1;
}

Result<bool> SqlStore::Complete(std::int64_t id, std::int64_t token, const std::string& result, std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE jobs SET state = 'done', result = ?, error = '', finished_ms = ?, lease_owner = '' "
                        "WHERE id = ? AND lease_token = ? AND state = 'running'");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, result).Bind(2, now_ms).Bind(3, id).Bind(4, token).Run(); !done) {
    return std::unexpected(done.error());
  }
  return db->Changes() == 1;
}

Result<bool> SqlStore::FailJob(std::int64_t id, std::int64_t token, const std::string& error, std::int64_t now_ms,
                                  std::optional<std::int64_t> retry_at_ms) {
  Conn db = Acquire();
  auto q = db->Prepare(
      "UPDATE jobs SET error = ?1, lease_owner = '', "
      "state = CASE WHEN ?2 = 1 AND attempts < max_attempts THEN 'queued' ELSE 'failed' END, "
      "not_before_ms = ?3, finished_ms = CASE WHEN ?2 = 1 AND attempts < max_attempts THEN 0 ELSE ?4 END "
      "WHERE id = ?5 AND lease_token = ?6 AND state = 'running'");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, error).Bind(2, std::int64_t{retry_at_ms.has_value()}).Bind(3, retry_at_ms.value_or(0)).Bind(4, now_ms);
  if (auto done = q->Bind(5, id).Bind(6, token).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

Result<bool> SqlStore::ReleaseJob(std::int64_t id, std::int64_t token) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE jobs SET state = 'queued', lease_owner = '', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, "
                        "not_before_ms = 0 WHERE id = ? AND lease_token = ? AND state = 'running'");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, id).Bind(2, token).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

Result<int> SqlStore::ReapExpired(std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto failed = db->Prepare("UPDATE jobs SET state = 'failed', finished_ms = ?, lease_owner = '', "
                             "error = 'lease expired after the last attempt (the worker stopped)' "
                             "WHERE state = 'running' AND lease_expires_ms < ? AND attempts >= max_attempts");
  auto requeued = db->Prepare("UPDATE jobs SET state = 'queued', lease_owner = '', not_before_ms = 0 "
                               "WHERE state = 'running' AND lease_expires_ms < ?");
  if (!failed) return std::unexpected(failed.error());
  if (!requeued) return std::unexpected(requeued.error());
  if (auto done = failed->Bind(1, now_ms).Bind(2, now_ms).Run(); !done) return std::unexpected(done.error());
  int count = db->Changes();
  if (auto done = requeued->Bind(1, now_ms).Run(); !done) return std::unexpected(done.error());
  count += db->Changes();
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  return count;
}

Result<JobCounts> SqlStore::CountJobs() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT state, COUNT(*) FROM jobs GROUP BY state");
  if (!q) return std::unexpected(q.error());
  JobCounts counts;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return counts;
    switch (StateFromName(q->Text(0))) {
      case JobState::kQueued: counts.queued = q->Int(1); break;
      case JobState::kRunning: counts.running = q->Int(1); break;
      case JobState::kDone: counts.done = q->Int(1); break;
      case JobState::kFailed: counts.failed = q->Int(1); break;
    }
  }
}

Status SqlStore::AddToken(const std::string& name, const std::string& hash, const std::string& scopes) {
  Conn db = Acquire();
  auto q = db->Prepare("INSERT INTO api_tokens (hash, name, scopes) VALUES (?, ?, ?)");
  if (!q) return std::unexpected(q.error());
  return q->Bind(1, hash).Bind(2, name).Bind(3, scopes).Run();
}

Result<std::optional<std::string>> SqlStore::TokenScopes(const std::string& hash) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT scopes FROM api_tokens WHERE hash = ?");
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, hash).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(q->Text(0));
}

Result<bool> SqlStore::RevokeToken(const std::string& hash) {
  Conn db = Acquire();
  auto q = db->Prepare("DELETE FROM api_tokens WHERE hash = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, hash).Run(); !done) return std::unexpected(done.error());
  return db->Changes() > 0;
}

}  // namespace drydock
