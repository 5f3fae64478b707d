// SqlStore: webhook deliveries and their attempt log. Per endpoint, deliveries go out in id order: only the
// oldest pending one of an endpoint is ever claimed, so a delivery waiting for its retry holds back the later ones.
#include "store/sql_claim.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::string_view kDeliveryColumns =
    "id, webhook_id, message_id, event_type, body, state, attempts, next_attempt_ms, last_status, last_error, "
    "created_ms, finished_ms";

DeliveryState DeliveryStateFromName(std::string_view name) {
  if (name == "delivered") return DeliveryState::kDelivered;
  if (name == "dead") return DeliveryState::kDead;
  return DeliveryState::kPending;
}

Delivery ReadDelivery(const SqlStatement& q) {
  return Delivery{.id = q.Int(0),
                  .webhook_id = q.Int(1),
                  .message_id = q.Text(2),
                  .event_type = q.Text(3),
                  .body = q.Text(4),
                  .state = DeliveryStateFromName(q.Text(5)),
                  .attempts = static_cast<int>(q.Int(6)),
                  .next_attempt_ms = q.Int(7),
                  .last_status = static_cast<int>(q.Int(8)),
                  .last_error = q.Text(9),
                  .created_ms = q.Int(10),
                  .finished_ms = q.Int(11)};
}

std::int64_t CursorValue(const std::string& cursor) {
  std::int64_t value = 0;
  for (char c : cursor) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Result<std::int64_t> SqlStore::NotifyCursor() {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT position FROM notify_cursor WHERE name = 'webhooks'");
  if (!q) return std::unexpected(q.error());
  auto row = q->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? q->Int(0) : 0;
}

Result<bool> SqlStore::AddDeliveries(const std::vector<NewDelivery>& deliveries, std::int64_t expected_cursor,
                                        std::int64_t new_cursor, std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto move = db->Prepare("UPDATE notify_cursor SET position = ? WHERE name = 'webhooks' AND position = ?");
  if (!move) return std::unexpected(move.error());
  if (auto done = move->Bind(1, new_cursor).Bind(2, expected_cursor).Run(); !done) return std::unexpected(done.error());
  if (db->Changes() != 1) return false;  // another process fanned these events out; the transaction rolls back
  auto put = db->Prepare("INSERT INTO webhook_deliveries (webhook_id, message_id, event_type, body, state, "
                          "next_attempt_ms, created_ms) VALUES (?, ?, ?, ?, 'pending', ?, ?)");
  if (!put) return std::unexpected(put.error());
  for (const NewDelivery& d : deliveries) {
    put->Bind(1, d.webhook_id).Bind(2, d.message_id).Bind(3, d.event_type).Bind(4, d.body).Bind(5, now_ms);
    if (auto done = put->Bind(6, now_ms).Run(); !done) return std::unexpected(done.error());
  }
  if (auto committed = tx->Commit(); !committed) return std::unexpected(committed.error());
  return true;
}

Result<std::vector<Delivery>> SqlStore::ClaimDeliveries(std::int64_t now_ms, std::int64_t lease_ms) {
  Conn db = Acquire();
  // Each enabled endpoint's oldest pending delivery, when it is due and not leased. The GROUP BY subquery cannot
  // lock rows, so the due/not-leased test sits in the outer WHERE, where PostgreSQL re-checks it after a wait
  // (sql_claim.h).
  return ClaimRows(*db,
                   {.table = "webhook_deliveries",
                    .lease = "lease_until_ms = ?",
                    .which = "id IN (SELECT MIN(p.id) FROM webhook_deliveries p JOIN webhooks w ON w.id = p.webhook_id "
                             "WHERE p.state = 'pending' AND w.enabled = 1 GROUP BY p.webhook_id) "
                             "AND next_attempt_ms <= ? AND lease_until_ms <= ?",
                    .returning = kDeliveryColumns},
                   ReadDelivery, now_ms + lease_ms, now_ms, now_ms);
}

Status SqlStore::FinishAttempt(std::int64_t delivery_id, const AttemptOutcome& outcome, std::int64_t now_ms) {
  Conn db = Acquire();
  auto tx = SqlTransaction::Begin(*db);
  if (!tx) return std::unexpected(tx.error());
  auto log = db->Prepare("INSERT INTO webhook_attempts (delivery_id, at_ms, status, error, duration_ms) "
                          "VALUES (?, ?, ?, ?, ?)");
  if (!log) return std::unexpected(log.error());
  log->Bind(1, delivery_id).Bind(2, now_ms).Bind(3, std::int64_t{outcome.status}).Bind(4, outcome.error);
  if (auto done = log->Bind(5, outcome.duration_ms).Run(); !done) return done;
  const bool finished = outcome.state != DeliveryState::kPending;
  auto update = db->Prepare("UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, next_attempt_ms = ?, "
                             "lease_until_ms = 0, last_status = ?, last_error = ?, finished_ms = ? WHERE id = ?");
  if (!update) return std::unexpected(update.error());
  update->Bind(1, DeliveryStateName(outcome.state)).Bind(2, outcome.next_attempt_ms);
  update->Bind(3, std::int64_t{outcome.status}).Bind(4, outcome.error).Bind(5, finished ? now_ms : 0);
  if (auto done = update->Bind(6, delivery_id).Run(); !done) return done;
  if (outcome.disable_endpoint) {
    auto disable = db->Prepare("UPDATE webhooks SET enabled = 0, disabled_reason = ? WHERE id = "
                                "(SELECT webhook_id FROM webhook_deliveries WHERE id = ?)");
    if (!disable) return std::unexpected(disable.error());
    if (auto done = disable->Bind(1, outcome.error).Bind(2, delivery_id).Run(); !done) return done;
  }
  return tx->Commit();
}

Result<Page<Delivery>> SqlStore::ListDeliveries(std::int64_t webhook_id, const std::string& cursor,
                                                   std::size_t limit) {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM webhook_deliveries WHERE webhook_id = ? AND id < ? "
                                    "ORDER BY id DESC LIMIT ?",
                                    kDeliveryColumns));
  if (!q) return std::unexpected(q.error());
  const std::int64_t before = cursor.empty() ? INT64_MAX : CursorValue(cursor);
  q->Bind(1, webhook_id).Bind(2, before).Bind(3, static_cast<std::int64_t>(limit + 1));
  Page<Delivery> page;
  for (;;) {
    auto row = q->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (page.items.size() == limit) {
      page.next_cursor = std::to_string(page.items.back().id);
      break;
    }
    page.items.push_back(ReadDelivery(*q));
  }
  return page;
}

Result<std::optional<Delivery>> SqlStore::GetDelivery(std::int64_t webhook_id, std::int64_t delivery_id) {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM webhook_deliveries WHERE id = ? AND webhook_id = ?",
                                    kDeliveryColumns));
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, delivery_id).Bind(2, webhook_id).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Delivery>();
  return std::optional<Delivery>(ReadDelivery(*q));
}

Result<std::vector<DeliveryAttempt>> SqlStore::DeliveryAttempts(std::int64_t delivery_id) {
  Conn db = Acquire();
  auto q = db->Prepare("SELECT at_ms, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? "
                        "ORDER BY id");
  if (!q) return std::unexpected(q.error());
  return ReadRows(q->Bind(1, delivery_id), [](const SqlStatement& r) {
    return DeliveryAttempt{.at_ms = r.Int(0), .status = static_cast<int>(r.Int(1)), .error = r.Text(2),
                           .duration_ms = r.Int(3)};
  });
}

Result<bool> SqlStore::Redeliver(std::int64_t webhook_id, std::int64_t delivery_id, std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE webhook_deliveries SET state = 'pending', next_attempt_ms = ?, lease_until_ms = 0, "
                        "finished_ms = 0 WHERE id = ? AND webhook_id = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, now_ms).Bind(2, delivery_id).Bind(3, webhook_id).Run(); !done) {
    return std::unexpected(done.error());
  }
  return db->Changes() == 1;
}

}  // namespace drydock
