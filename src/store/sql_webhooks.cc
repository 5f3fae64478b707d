// SqlStore: webhook endpoints. Event types and repositories are kept as JSON arrays (TEXT).
#include <nlohmann/json.hpp>

#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace drydock {
namespace {

constexpr std::string_view kWebhookColumns =
    "id, url, secret, events, min_severity, repositories, format, per_finding, enabled, disabled_reason, created_ms";

std::string ToJsonArray(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> FromJsonArray(const std::string& text) {
  std::vector<std::string> items;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return items;
  for (const auto& item : parsed) {
    if (item.is_string()) items.push_back(item.get<std::string>());
  }
  return items;
}

Webhook ReadWebhook(const SqlStatement& q) {
  return Webhook{.id = q.Int(0),
                 .url = q.Text(1),
                 .secret = q.Text(2),
                 .events = FromJsonArray(q.Text(3)),
                 .min_severity = q.Text(4),
                 .repositories = FromJsonArray(q.Text(5)),
                 .format = q.Text(6),
                 .per_finding = q.Int(7) != 0,
                 .enabled = q.Int(8) != 0,
                 .disabled_reason = q.Text(9),
                 .created_ms = q.Int(10)};
}

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kDead: return "dead";
  }
  return "pending";
}

Result<std::int64_t> SqlStore::AddWebhook(const Webhook& webhook, std::int64_t now_ms) {
  Conn db = Acquire();
  auto q = db->Prepare("INSERT INTO webhooks (url, secret, events, min_severity, repositories, format, per_finding, "
                       "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!q) return std::unexpected(q.error());
  q->Bind(1, webhook.url).Bind(2, webhook.secret).Bind(3, ToJsonArray(webhook.events)).Bind(4, webhook.min_severity);
  q->Bind(5, ToJsonArray(webhook.repositories)).Bind(6, webhook.format);
  q->Bind(7, std::int64_t{webhook.per_finding}).Bind(8, now_ms);
  auto row = q->Step();
  if (!row) return std::unexpected(row.error());
  const std::int64_t id = q->Int(0);
  if (auto rest = q->Run(); !rest) return std::unexpected(rest.error());
  return id;
}

Result<std::vector<Webhook>> SqlStore::ListWebhooks() {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM webhooks ORDER BY id", kWebhookColumns));
  if (!q) return std::unexpected(q.error());
  return ReadRows(*q, ReadWebhook);
}

Result<std::optional<Webhook>> SqlStore::GetWebhook(std::int64_t id) {
  Conn db = Acquire();
  auto q = db->Prepare(fmt::format("SELECT {} FROM webhooks WHERE id = ?", kWebhookColumns));
  if (!q) return std::unexpected(q.error());
  auto row = q->Bind(1, id).Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Webhook>();
  return std::optional<Webhook>(ReadWebhook(*q));
}

Result<bool> SqlStore::DeleteWebhook(std::int64_t id) {
  Conn db = Acquire();
  auto q = db->Prepare("DELETE FROM webhooks WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, id).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

Result<bool> SqlStore::EnableWebhook(std::int64_t id) {
  Conn db = Acquire();
  auto q = db->Prepare("UPDATE webhooks SET enabled = 1, disabled_reason = '' WHERE id = ?");
  if (!q) return std::unexpected(q.error());
  if (auto done = q->Bind(1, id).Run(); !done) return std::unexpected(done.error());
  return db->Changes() == 1;
}

}  // namespace drydock
