// /api/v1/watches: registries polled for new tags and moved digests.
#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "monitor/registry_watch.h"
#include "server/http_util.h"
#include "server/notify_routes.h"

namespace drydock {
namespace {

using json = nlohmann::json;

json WatchJson(const Watch& w) {
  json out = {{"id", w.id},
              {"repository", w.repository},
              {"tags", w.tag_pattern},
              {"interval_seconds", w.interval_ms / 1000},
              {"next_poll_unix_ms", w.next_poll_ms},
              {"created_unix_ms", w.created_ms}};
  if (w.last_poll_ms != 0) out["last_poll_unix_ms"] = w.last_poll_ms;
  if (!w.last_error.empty()) out["last_error"] = w.last_error;
  return out;
}

void PostWatch(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  if (!RequireScope(context, req, res, Scope::kAdmin)) return;
  auto body = ParseBody(req.body);
  if (!body) return SendError(res, body.error());
  if (!body->is_object() || !body->contains("repository") || !(*body)["repository"].is_string()) {
    return SendError(res, 400, "invalid_input",
                     "expected {\"repository\": \"registry/team/app\", \"tags\": \"regex\", \"interval\": \"5m\"}");
  }
  for (const char* key : {"tags", "interval"}) {
    if (auto it = body->find(key); it != body->end() && !it->is_string()) {
      return SendError(res, 400, "invalid_input", fmt::format("\"{}\" is a string", key));
    }
  }
  Watch watch{.repository = JsonString(*body, "repository"),
              .tag_pattern = body->contains("tags") ? JsonString(*body, "tags") : ".*"};
  if (auto ok = ValidateWatch(watch.repository, watch.tag_pattern); !ok) return SendError(res, ok.error());
  auto interval = ParseWatchInterval(body->contains("interval") ? JsonString(*body, "interval") : "5m");
  if (!interval) return SendError(res, interval.error());
  watch.interval_ms = interval->count();
  const std::int64_t now = NowMs();
  auto id = context.store->AddWatch(watch, now);
  if (!id) return SendError(res, id.error());
  watch.id = *id;
  watch.created_ms = watch.next_poll_ms = now;
  if (context.watcher != nullptr) context.watcher->Nudge();  // the first poll now: it records the tags as they are
  res.set_header("Location", fmt::format("/api/v1/watches/{}", *id));
  SendJson(res, 201, WatchJson(watch));
}

void ListWatches(ApiContext& context, const httplib::Request&, httplib::Response& res) {
  auto watches = context.store->ListWatches();
  if (!watches) return SendError(res, watches.error());
  json items = json::array();
  for (const Watch& w : *watches) items.push_back(WatchJson(w));
  SendJson(res, 200, {{"items", items}});
}

void DeleteWatch(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto id = PathId(req.matches[1], res);
  if (!id) return;
  auto deleted = context.store->DeleteWatch(*id);
  if (!deleted) return SendError(res, deleted.error());
  if (!*deleted) return SendError(res, 404, "not_found", fmt::format("no watch {}", *id));
  res.status = 204;
}

}  // namespace

void RegisterWatchRoutes(httplib::Server& server, ApiContext& context) {
  auto bind = [&context](auto handler) {
    return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
  };
  server.Post("/api/v1/watches", bind(PostWatch));
  server.Get("/api/v1/watches", bind(ListWatches));
  server.Delete(R"(/api/v1/watches/([^/]+))", bind(DeleteWatch));
}

}  // namespace drydock
