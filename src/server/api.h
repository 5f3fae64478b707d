// The HTTP API (/api/v1, JSON) over the store, the job queue and the scanner, plus /healthz, /readyz and
// /metrics. Every route but the health checks needs a bearer token whose scopes allow it: GET needs read,
// POST scan, DELETE admin.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string_view>

#include "drydock/scanner.h"
#include "drydock/server.h"
#include "jobs/worker_pool.h"
#include "monitor/registry_watch.h"
#include "server/http_util.h"
#include "server/ttl_cache.h"
#include "store/store.h"

namespace drydock {

class Notifier;
class WebhookAddressPolicy;

inline constexpr std::size_t kMaxCachedTokens = 1024;

struct ApiContext {
  Store* store = nullptr;
  const Scanner* scanner = nullptr;
  WorkerPool* workers = nullptr;  // null when this process runs no workers
  const ServerOptions* options = nullptr;
  Notifier* notifier = nullptr;          // webhook delivery: nudged when a delivery is made due
  const WebhookAddressPolicy* webhook_addresses = nullptr;  // where endpoints may point (null: public only)
  RegistryWatcher* watcher = nullptr;    // nudged when a watch is added
  QueueScan queue_scan;                  // scans of pushed or moved tags
  class AdmissionService* admission = nullptr;  // null unless --admission-policy was given
  std::unique_ptr<BodyRoutes> bodies;           // the bounded POST routes (RegisterApi makes it)
  // Token hash -> scopes of known tokens, for options->token_cache_ttl: on PostgreSQL the look-up was a round
  // trip on every request, half the cost of a GET.
  TtlCache<std::string> token_scopes{kMaxCachedTokens};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> unauthorized{0};
  std::atomic<std::uint64_t> scans_requested{0};
  std::atomic<std::uint64_t> sboms_ingested{0};
};

// Registers every route, the auth check and the JSON error bodies on `server`. `context` must outlive it.
void RegisterApi(httplib::Server& server, ApiContext& context);

// GET /api/v1/events and /api/v1/generations (events_api.cc).
void RegisterEventsApi(httplib::Server& server, ApiContext& context);

// The Prometheus text (format 0.0.4) for GET /metrics.
std::string MetricsText(ApiContext& context);

}  // namespace drydock
