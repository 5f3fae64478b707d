// SqlStore: where images run (admission records and pod-listing snapshots). Plain SQL both engines accept
// (ON CONFLICT ... DO UPDATE, integer milliseconds).
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

Status UpsertDeployments(SqlDb& db, const std::vector<Deployment>& deployments, std::int64_t now_ms) {
  auto q = db.Prepare(
      "INSERT INTO deployments (digest, cluster, namespace, kind, name, image, source, first_seen_ms, last_seen_ms, "
      "running) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (digest, cluster, namespace, kind, name) DO UPDATE "
      "SET image = excluded.image, source = excluded.source, last_seen_ms = excluded.last_seen_ms, running = 1");
  if (!q) return std::unexpected(q.error());
  for (const Deployment& d : deployments) {
    q->Bind(1, d.digest).Bind(2, d.cluster).Bind(3, d.namespace_name).Bind(4, d.kind).Bind(5, d.name);
    q->Bind(6, d.image).Bind(7, d.source).Bind(8, now_ms).Bind(9, now_ms);
    if (auto done = q->Run(); !done) return done;
  }
  return {};
}

}  // namespace

Status SqlStore::RecordDeployments(const std::vector<Deployment>& deployments, std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  if (auto done = UpsertDeployments(*db, deployments, now_ms); !done) return done;
  return tx->Commit();
}

Status SqlStore::ReplaceRunning(const std::string& cluster, const std::vector<Deployment>& deployments,
                                   std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  for (const Deployment& d : deployments) {
    if (d.cluster != cluster) {
      return FailWith(ErrorCode::kInvalidInput, "deployment of {} names cluster {}, not {}", d.digest, d.cluster, cluster);
    }
  }
  if (auto done = UpsertDeployments(*db, deployments, now_ms); !done) return done;
  // Whatever this snapshot did not show has stopped running (it stays listed, with when it was last seen).
  auto q = db->Prepare("UPDATE deployments SET running = 0 WHERE cluster = ? AND last_seen_ms < ? AND running = 1");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, cluster).Bind(2, now_ms).Run(); !done) return done;
  return tx->Commit();
}

Result<std::vector<Deployment>> SqlStore::DeploymentsOf(const std::string& digest) {
  Conn db = Acquire();
  auto q = db->Prepare(
      "SELECT cluster, namespace, kind, name, image, source, first_seen_ms, last_seen_ms, running FROM deployments "
      "WHERE digest = ? ORDER BY running DESC, cluster, namespace, kind, name");
  if (!q) return std::unexpected(q.error());
  return ReadRows(q->Bind(1, digest), [&digest](const SqlStatement& r) {
    return Deployment{.digest = digest,
                      .cluster = r.Text(0),
                      .namespace_name = r.Text(1),
                      .kind = r.Text(2),
                      .name = r.Text(3),
                      .image = r.Text(4),
                      .source = r.Text(5),
                      .first_seen_ms = r.Int(6),
                      .last_seen_ms = r.Int(7),
                      .running = r.Int(8) != 0};
  });
}

Result<std::vector<std::string>> SqlStore::RunningDigests(const std::vector<std::string>& digests) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT 1 FROM deployments WHERE digest = ? AND running = 1 LIMIT 1");
  if (!q) return std::unexpected(q.error());
  std::vector<std::string> out;
  for (const std::string& digest : digests) {
    q->Bind(1, digest);
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) out.push_back(digest);
    q->Reset();  // for the next bind
  }
  return out;
}

}  // namespace drydock
