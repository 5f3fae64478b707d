// /api/v1/webhooks: endpoints, their delivery log and redelivery. A secret is write-only: it is taken on
// creation (or made, and then shown in that one answer) and never returned or logged afterwards.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/bounded_json.h"
#include "common/severity.h"
#include "notify/address_guard.h"
#include "notify/notifier.h"
#include "notify/signature.h"
#include "notify/webhook_filter.h"
#include "server/http_util.h"
#include "server/notify_routes.h"

namespace drydock {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxListItems = 64;

json WebhookJson(const Webhook& hook) {
  json out = {{"id", hook.id},
              {"url", hook.url},
              {"events", hook.events},
              {"min_severity", hook.min_severity},
              {"repositories", hook.repositories},
              {"format", hook.format},
              {"per_finding", hook.per_finding},
              {"enabled", hook.enabled},
              {"created_unix_ms", hook.created_ms}};
  if (!hook.disabled_reason.empty()) out["disabled_reason"] = hook.disabled_reason;
  return out;  // never the secret
}

json DeliveryJson(const Delivery& d, bool with_body) {
  json out = {{"id", d.id},
              {"webhook_id", d.webhook_id},
              {"message_id", d.message_id},
              {"event_type", d.event_type},
              {"state", DeliveryStateName(d.state)},
              {"attempts", d.attempts},
              {"created_unix_ms", d.created_ms}};
  if (d.state == DeliveryState::kPending && d.attempts > 0) out["next_attempt_unix_ms"] = d.next_attempt_ms;
  if (d.last_status != 0) out["last_status"] = d.last_status;
  if (!d.last_error.empty()) out["last_error"] = d.last_error;
  if (d.finished_ms != 0) out["finished_unix_ms"] = d.finished_ms;
  if (with_body) out["body"] = json::parse(d.body, nullptr, false);
  return out;
}

Result<std::vector<std::string>> StringList(const json& body, const char* key, bool (*valid)(const std::string&)) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > kMaxListItems) {
    return FailWith(ErrorCode::kInvalidInput, "\"{}\" is an array of at most {} strings", key, kMaxListItems);
  }
  for (const json& item : *it) {
    if (!item.is_string() || !valid(item.get<std::string>())) {
      return FailWith(ErrorCode::kInvalidInput, "\"{}\": {} is not allowed", key, item.dump().substr(0, 80));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

bool KnownType(const std::string& type) { return std::ranges::find(KnownEventTypes(), type) != KnownEventTypes().end(); }
bool RepositoryPattern(const std::string& p) { return !p.empty() && p.size() <= 256 && p.find_first_of(" \t\r\n") == std::string::npos; }

Status CheckUrl(const std::string& url) {
  const bool http = url.starts_with("http://"), https = url.starts_with("https://");
  const std::size_t host = http ? 7 : 8;
  if ((!http && !https) || url.size() > kMaxUrlBytes || url.size() <= host ||
      url.find_first_of(" \t\r\n") != std::string::npos || url[host] == '/') {
    return FailWith(ErrorCode::kInvalidInput, "\"url\" must be an http:// or https:// URL with a host");
  }
  return {};
}

// The webhook a POST body describes, or what is wrong with it. `generated` is set when the server made the secret.
Result<Webhook> ParseWebhook(const json& body, bool& generated) {
  if (!body.is_object()) return FailWith(ErrorCode::kInvalidInput, "expected a JSON object");
  Webhook hook;
  hook.url = JsonString(body, "url");
  if (auto ok = CheckUrl(hook.url); !ok) return std::unexpected(ok.error());
  hook.secret = JsonString(body, "secret");
  if (hook.secret.empty()) {
    auto made = NewWebhookSecret();
    if (!made) return std::unexpected(made.error());
    hook.secret = *made;
    generated = true;
  } else if (auto key = WebhookSecretKey(hook.secret); !key) {
    return std::unexpected(key.error());
  }
  auto events = StringList(body, "events", KnownType);
  if (!events) return std::unexpected(events.error());
  hook.events = std::move(*events);
  auto repositories = StringList(body, "repositories", RepositoryPattern);
  if (!repositories) return std::unexpected(repositories.error());
  hook.repositories = std::move(*repositories);
  hook.min_severity = JsonString(body, "min_severity");
  if (!hook.min_severity.empty() && !IsRatedSeverity(hook.min_severity)) {
    return FailWith(ErrorCode::kInvalidInput, "\"min_severity\" is CRITICAL, HIGH, MEDIUM or LOW");
  }
  hook.format = body.contains("format") ? JsonString(body, "format") : "standard";
  if (hook.format != "standard" && hook.format != "slack") {
    return FailWith(ErrorCode::kInvalidInput, "\"format\" is \"standard\" or \"slack\"");
  }
  if (auto p = body.find("per_finding"); p != body.end()) {
    if (!p->is_boolean()) return FailWith(ErrorCode::kInvalidInput, "\"per_finding\" is true or false");
    hook.per_finding = p->get<bool>();
  }
  for (const char* key : {"url", "secret", "min_severity", "format"}) {
    if (auto it = body.find(key); it != body.end() && !it->is_string()) {
      return FailWith(ErrorCode::kInvalidInput, "\"{}\" is a string", key);
    }
  }
  for (const auto& [key, value] : body.items()) {
    static constexpr std::array<std::string_view, 7> kKnown = {"url", "secret", "events", "min_severity",
                                                               "repositories", "format", "per_finding"};
    if (std::ranges::find(kKnown, key) == kKnown.end()) {
      return FailWith(ErrorCode::kInvalidInput, "unknown field \"{}\"", key.substr(0, 64));
    }
  }
  return hook;
}

void PostWebhook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  if (!RequireScope(context, req, res, Scope::kAdmin)) return;
  auto body = ParseBody(req.body);
  if (!body) return SendError(res, body.error());
  bool generated = false;
  auto hook = ParseWebhook(*body, generated);
  if (!hook) return SendError(res, hook.error());
  // Refused at once when the host is a non-public address; the sender checks again at each connection.
  static const WebhookAddressPolicy kPublicOnly;
  if (auto reachable = CheckWebhookUrlAddresses(
          hook->url, context.webhook_addresses != nullptr ? *context.webhook_addresses : kPublicOnly);
      !reachable) {
    return SendError(res, reachable.error());
  }
  auto id = context.store->AddWebhook(*hook, NowMs());
  if (!id) return SendError(res, id.error());
  hook->id = *id;
  hook->created_ms = NowMs();
  json out = WebhookJson(*hook);
  if (generated) out["secret"] = hook->secret;  // shown this once, as API tokens are
  res.set_header("Location", fmt::format("/api/v1/webhooks/{}", *id));
  SendJson(res, 201, out);
}

// The delivery state the dashboard shows beside an endpoint: counts over its latest kMaxPageSize deliveries, and
// its newest delivery's last answer.
Result<json> DeliveryState(Store& store, std::int64_t webhook_id) {
  auto page = store.ListDeliveries(webhook_id, "", kMaxPageSize);
  if (!page) return std::unexpected(page.error());
  json out = {{"pending", 0}, {"delivered", 0}, {"dead", 0}};
  for (const Delivery& d : page->items) {
    const std::string state(DeliveryStateName(d.state));
    out[state] = out[state].get<int>() + 1;
  }
  if (!page->items.empty()) {
    const Delivery& newest = page->items.front();
    if (newest.last_status != 0) out["last_status"] = newest.last_status;
    if (!newest.last_error.empty()) out["last_error"] = newest.last_error;
    if (newest.finished_ms != 0) out["last_delivery_unix_ms"] = newest.finished_ms;
  }
  return out;
}

void ListWebhooks(ApiContext& context, const httplib::Request&, httplib::Response& res) {
  auto hooks = context.store->ListWebhooks();
  if (!hooks) return SendError(res, hooks.error());
  json items = json::array();
  for (const Webhook& hook : *hooks) {
    json item = WebhookJson(hook);
    item["state"] = hook.enabled ? "active" : "disabled";
    auto delivery = DeliveryState(*context.store, hook.id);
    if (!delivery) return SendError(res, delivery.error());
    item["delivery"] = std::move(*delivery);
    items.push_back(std::move(item));
  }
  SendJson(res, 200, {{"items", items}});
}

std::optional<Webhook> FindWebhook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto id = PathId(req.matches[1], res);
  if (!id) return std::nullopt;
  auto hook = context.store->GetWebhook(*id);
  if (!hook) {
    SendError(res, hook.error());
    return std::nullopt;
  }
  if (!*hook) SendError(res, 404, "not_found", fmt::format("no webhook {}", *id));
  return *hook;
}

void GetWebhook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  if (auto hook = FindWebhook(context, req, res)) SendJson(res, 200, WebhookJson(*hook));
}

void DeleteWebhook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto id = PathId(req.matches[1], res);
  if (!id) return;
  auto deleted = context.store->DeleteWebhook(*id);
  if (!deleted) return SendError(res, deleted.error());
  if (!*deleted) return SendError(res, 404, "not_found", fmt::format("no webhook {}", *id));
  res.status = 204;
}

void EnableWebhook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  if (!RequireScope(context, req, res, Scope::kAdmin)) return;
  auto id = PathId(req.matches[1], res);
  if (!id) return;
  auto enabled = context.store->EnableWebhook(*id);
  if (!enabled) return SendError(res, enabled.error());
  if (!*enabled) return SendError(res, 404, "not_found", fmt::format("no webhook {}", *id));
  if (context.notifier != nullptr) context.notifier->Nudge();
  SendJson(res, 200, {{"id", *id}, {"enabled", true}});
}

void ListDeliveries(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto hook = FindWebhook(context, req, res);
  if (!hook) return;
  auto limit = PageLimit(req);
  auto cursor = PageCursor(req);
  if (!limit) return SendError(res, limit.error());
  if (!cursor) return SendError(res, cursor.error());
  auto page = context.store->ListDeliveries(hook->id, *cursor, *limit);
  if (!page) return SendError(res, page.error());
  json items = json::array();
  for (const Delivery& d : page->items) items.push_back(DeliveryJson(d, false));
  json out = {{"items", items}};
  if (!page->next_cursor.empty()) out["next_cursor"] = page->next_cursor;
  SendJson(res, 200, out);
}

void GetDelivery(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto hook_id = PathId(req.matches[1], res);
  if (!hook_id) return;
  auto id = PathId(req.matches[2], res);
  if (!id) return;
  auto delivery = context.store->GetDelivery(*hook_id, *id);
  if (!delivery) return SendError(res, delivery.error());
  if (!*delivery) return SendError(res, 404, "not_found", fmt::format("no delivery {} of webhook {}", *id, *hook_id));
  auto attempts = context.store->DeliveryAttempts(*id);
  if (!attempts) return SendError(res, attempts.error());
  json out = DeliveryJson(**delivery, true);
  json log = json::array();
  for (const DeliveryAttempt& a : *attempts) {
    json entry = {{"at_unix_ms", a.at_ms}, {"duration_ms", a.duration_ms}};
    if (a.status != 0) entry["status"] = a.status;
    if (!a.error.empty()) entry["error"] = a.error;
    log.push_back(std::move(entry));
  }
  out["attempt_log"] = std::move(log);
  SendJson(res, 200, out);
}

void Redeliver(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  if (!RequireScope(context, req, res, Scope::kAdmin)) return;
  auto hook_id = PathId(req.matches[1], res);
  if (!hook_id) return;
  auto id = PathId(req.matches[2], res);
  if (!id) return;
  auto again = context.store->Redeliver(*hook_id, *id, NowMs());
  if (!again) return SendError(res, again.error());
  if (!*again) return SendError(res, 404, "not_found", fmt::format("no delivery {} of webhook {}", *id, *hook_id));
  if (context.notifier != nullptr) context.notifier->Nudge();
  SendJson(res, 202, {{"id", *id}, {"state", "pending"}});
}

}  // namespace

bool RequireScope(ApiContext& context, const httplib::Request& req, httplib::Response& res, Scope needed) {
  const std::string authorization = req.get_header_value("Authorization");
  auto scopes = context.store->TokenScopes(HashApiToken(BearerToken(authorization)));
  if (!scopes) {
    SendError(res, scopes.error());
    return false;
  }
  if (!*scopes || !ScopesAllow(**scopes, needed)) {
    SendError(res, 403, "forbidden", fmt::format("{} {} needs a token with the admin scope", req.method, req.path));
    return false;
  }
  return true;
}

std::optional<std::int64_t> PathId(const std::string& text, httplib::Response& res) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    SendError(res, 400, "invalid_input", "an id is a number");
    return std::nullopt;
  }
  return std::stoll(text);
}

void RegisterWebhookRoutes(httplib::Server& server, ApiContext& context) {
  auto bind = [&context](auto handler) {
    return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
  };
  server.Post("/api/v1/webhooks", bind(PostWebhook));
  server.Get("/api/v1/webhooks", bind(ListWebhooks));
  server.Get(R"(/api/v1/webhooks/([^/]+))", bind(GetWebhook));
  server.Delete(R"(/api/v1/webhooks/([^/]+))", bind(DeleteWebhook));
  server.Post(R"(/api/v1/webhooks/([^/]+)/enable)", bind(EnableWebhook));
  server.Get(R"(/api/v1/webhooks/([^/]+)/deliveries)", bind(ListDeliveries));
  server.Get(R"(/api/v1/webhooks/([^/]+)/deliveries/([^/]+))", bind(GetDelivery));
  server.Post(R"(/api/v1/webhooks/([^/]+)/deliveries/([^/]+)/redeliver)", bind(Redeliver));
}

}  // namespace drydock
