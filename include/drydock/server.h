// drydock server: a long-running service that scans images on request through a durable job queue, keeps
// every image's inventory and findings in a store, and answers incident-response queries over HTTP (JSON,
// /api/v1). See README "Server".
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "drydock/options.h"

namespace drydock {

// What one process does. Several processes on one PostgreSQL store split the work: API processes take requests
// and queue jobs, worker processes claim and run them (serving only /healthz, /readyz and /metrics), `all` both.
enum class ServerRole { kAll, kApi, kWorker };

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one (see on_listening)
  std::string store = "sqlite:drydock-server/store.db";  // sqlite:PATH or postgres://USER@HOST:PORT/DB
  ServerRole role = ServerRole::kAll;
  std::string db_path;    // compiled vulnerability DB; "" = packages only
  std::string cache_dir;  // layer cache; "" = none
  int workers = 2;        // scan workers in this process (role all or worker); 0 = API only
  std::size_t scan_threads = 0;  // thread budget shared by the workers' scans; 0 = hardware concurrency
  // How pulls reach registries: TLS trust, plain HTTP for listed hosts, mirrors, and the server's own
  // credentials (registry.docker_config: a config.json the operator provides). A request names an image only;
  // it never brings credentials.
  RegistryOptions registry;
  std::chrono::seconds job_lease{30};  // a worker that stops heartbeating loses its job after this
  std::size_t max_body_bytes = 64 << 20;  // larger bodies are refused with 413 before they are read
  // How long a known API token's scopes are remembered in this process (0 = ask the store every request): a
  // revoked token stops working within this long. Unknown tokens are never remembered.
  std::chrono::milliseconds token_cache_ttl{5000};
  // Continuous monitoring (README "Monitoring"). The DB file at db_path is looked at every db_check_interval;
  // a new one (replaced on disk, by `db update` or by update_db below) becomes a DB generation: the Scanner
  // reloads it and the stored images whose packages touch a changed advisory are re-matched, their findings
  // diff written as events (GET /api/v1/events). The first generation a store sees is a silent baseline.
  std::chrono::milliseconds db_check_interval{2000};
  // Every db_update_interval (0 = never) update_db refreshes the file at db_path (the CLI passes `db update`'s
  // own mirrors / repository / feeds logic); a failure is logged and retried at the next interval.
  std::chrono::seconds db_update_interval{0};
  std::function<Status()> update_db;
  std::string policy_path;  // a --policy file: its verdict flipping on re-match is a policy.changed event
  // Networks webhook endpoints may be reached on although they are not public ("127.0.0.0/8", "10.1.0.0/16").
  // Loopback, private, link-local and other non-public addresses are refused otherwise (SSRF guard).
  std::vector<std::string> webhook_allow_networks;
  // Base images (README "Base images in the server"): scans identify each image's base with this base-image
  // index (`drydock base index add`; "" = annotations and history only, no advice); every base_index_interval
  // (0 = never) the indexed repositories are re-read, and every image with an identified base is advised (its
  // base's tag moved: a base.outdated event; which rebuild removes the most findings: GET
  // /api/v1/images/{digest}/base).
  std::string base_index;
  std::chrono::milliseconds base_index_interval{std::chrono::hours(1)};
  // HTTPS: PEM certificate (chain) and private key; both or neither. Required with admission_policy: the API
  // server calls webhooks over TLS only.
  std::string tls_cert, tls_key;
  // The admission webhook's policy file (README "Admission webhook"); "" = POST /admission/v1/validate answers 503.
  // The webhook records what runs and queues scans, so a caller proves who it is as on any POST: an API token
  // with the scan scope, or (with admission_client_ca, a PEM CA file; needs TLS) a client certificate that CA
  // issued, as the API server presents from its AdmissionConfiguration's kubeconfig. Such a certificate admits
  // to the webhook only.
  std::string admission_policy;
  std::string admission_client_ca;
  // Log lines (one event each; never a token or a credential). Empty = silent.
  std::function<void(std::string_view line)> log;
  // Called once the socket listens, with the port (useful with port 0).
  std::function<void(int port)> on_listening;
};

// Serves until `stop` is requested, then stops accepting, cancels running scans (their jobs go back to the
// queue) and returns. Errors: the store or DB cannot be opened, the address cannot be bound.
Status RunServer(const ServerOptions& options, std::stop_token stop);

// Creates an API token with `scopes` ("read", "scan", "admin"; comma-separated) in the store and returns it.
// Only its SHA-256 is stored: the token is shown this once.
Result<std::string> CreateApiToken(const std::string& store, const std::string& name, const std::string& scopes);

// Removes the API token `token` from the store (kNotFound when it is not there). Servers that took it recently
// keep taking it for at most their token_cache_ttl.
Status RevokeApiToken(const std::string& store, const std::string& token);

}  // namespace drydock
