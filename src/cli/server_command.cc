// drydock server [--listen H:P] [--store sqlite:PATH|postgres://...] [--role all|api|worker] [--db PATH]
//                [--workers N] ...
// drydock server token create --scope read[,scan,admin] [--name N] [--store URL]
// drydock server token revoke TOKEN [--store URL]
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <stop_token>
#include <thread>

#include <signal.h>

#include "cli/commands.h"
#include "drydock/server.h"

namespace drydock {
namespace {

struct ServerFlags {
  ServerOptions options;
  std::string token_name = "token";
  std::string token_scopes;
  bool no_cache = false;
  bool skip_db = false;
  int lease_seconds = 30;
  std::string role = "all";
  std::string db_update_interval, db_check_interval = "2s", token_cache_ttl = "5s";
  std::string revoked_token;
  std::string base_index_interval = "1h";
  std::vector<std::string> db_mirrors;
  std::string db_repository, db_public_key;
};

// "90s", "5m", "1h", "250ms", "1d": a count and a unit; nullopt when malformed or zero.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  const std::int64_t count = std::stoll(text.substr(0, digits));
  for (const auto& [unit, ms] : kUnits) {
    if (text.substr(digits) == unit && count > 0) return std::chrono::milliseconds(count * ms);
  }
  return std::nullopt;
}

// SIGINT and SIGTERM stop the server gracefully: they are blocked in every thread (the mask is inherited)
// and taken by one thread with sigwait, which asks the server to stop.
int Serve(ServerFlags& flags) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::stop_source stop;
  std::jthread waiter([&](std::stop_token) {
    int signal = 0;
    sigwait(&signals, &signal);
    stop.request_stop();
  });
  flags.options.log = [](std::string_view line) { fmt::print(stderr, "drydock server: {}\n", line); };
  if (flags.options.cache_dir.empty() && !flags.no_cache) flags.options.cache_dir = DefaultCacheDir();
  auto served = RunServer(flags.options, stop.get_token());
  if (!stop.stop_requested()) {
    stop.request_stop();
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the sigwait so the thread can be joined
  }
  if (!served) {
    fmt::print(stderr, "drydock: server: {}\n", served.error().message);
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

CommandRunner AddServerCommand(CLI::App& app) {
  auto flags = std::make_shared<ServerFlags>();
  ServerOptions& o = flags->options;
  app.add_option("--listen", o.listen, "host:port to serve on")->capture_default_str();
  app.add_option("--store", o.store, "sqlite:PATH (created when missing) or postgres://USER@HOST:PORT/DB")
      ->capture_default_str();
  app.add_option("--role", flags->role, "all: API and workers; api: requests only; worker: jobs only (health, metrics)")
      ->check(CLI::IsMember({"all", "api", "worker"}))
      ->capture_default_str();
  app.add_option("--db", o.db_path, "Compiled vulnerability DB (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--skip-db", flags->skip_db, "Store packages only; match nothing");
  app.add_option("--workers", o.workers, "Scan workers in this process (0: API only)")->capture_default_str();
  app.add_option("--threads", o.scan_threads, "Threads shared by this process's scans (default: CPU count)");
  app.add_option("--cache-dir", o.cache_dir, "Layer cache directory (default: ~/.cache/drydock)");
  app.add_flag("--no-cache", flags->no_cache, "Read every layer; keep no layer cache");
  app.add_option("--job-lease", flags->lease_seconds, "Seconds a silent worker keeps a job before it is re-queued")
      ->capture_default_str();
  app.add_option("--max-body", o.max_body_bytes, "Largest request body in bytes (413 above)")->capture_default_str();
  app.add_option("--tls-cert", o.tls_cert, "Serve HTTPS with this PEM certificate (chain)");
  app.add_option("--tls-key", o.tls_key, "The PEM private key of --tls-cert");
  app.add_option("--admission-policy", o.admission_policy,
                 "Serve the admission webhook (POST /admission/v1/validate) with this policy file; needs TLS. "
                 "Callers need a scan token, or a client certificate from --admission-client-ca");
  app.add_option("--admission-client-ca", o.admission_client_ca,
                 "PEM CA whose client certificates may call the admission webhook (the API server's, from its "
                 "AdmissionConfiguration kubeconfig) without a token");
  app.add_option("--registry-auth", o.registry.docker_config,
                 "Registry credentials for pulls: a docker config.json of the server's own (never the requester's)");
  app.add_flag("--insecure-registry", o.registry.insecure, "Pull over plain HTTP or unverified TLS");
  app.add_option("--ca-cert", o.registry.ca_cert, "PEM CA bundle for registries");
  app.add_option("--registry-mirror", o.registry.mirrors, "HOST[:PORT] tried before an image's registry (may repeat)");
  app.add_option("--policy", o.policy_path, "Policy file: re-matches announce its verdict flipping (policy.changed)");
  app.add_option("--webhook-allow-network", o.webhook_allow_networks,
                 "CIDR webhooks may reach although not public (loopback, private, link-local are refused; may repeat)");
  app.add_option("--db-update-interval", flags->db_update_interval,
                 "Refresh the DB this often (90s, 30m, 1h, 1d) with db update's mirrors / repository / feeds");
  app.add_option("--db-mirror", flags->db_mirrors, "db update mirror for --db-update-interval (may repeat)");
  app.add_option("--db-repository", flags->db_repository, "db update OCI repository for --db-update-interval");
  app.add_option("--db-public-key", flags->db_public_key, "db update: require a signature under this PEM key");
  app.add_option("--base-index", o.base_index,
                 "Base-image index (drydock base index add): scans identify bases, the server advises rebuilds");
  app.add_option("--base-index-interval", flags->base_index_interval,
                 "Re-read the indexed base repositories this often; a moved base tag is a base.outdated event "
                 "(0: never)")
      ->capture_default_str();
  app.add_option("--db-check-interval", flags->db_check_interval,
                 "How often the DB file is checked for a replacement (a new generation)")->capture_default_str();
  app.add_option("--token-cache-ttl", flags->token_cache_ttl,
                 "How long a known API token is trusted without asking the store (0: every request); a revoked "
                 "token stops working within this")->capture_default_str();
  auto* token = app.add_subcommand("token", "API tokens");
  auto* create = token->add_subcommand("create", "Create a token; it is printed once and stored only as a hash");
  create->add_option("--scope", flags->token_scopes, "read, scan, admin (comma-separated)")->required();
  create->add_option("--name", flags->token_name, "What the token is for")->capture_default_str();
  create->add_option("--store", o.store, "sqlite:PATH or postgres://...")->capture_default_str();
  auto* revoke = token->add_subcommand("revoke", "Revoke a token; servers stop taking it within --token-cache-ttl");
  revoke->add_option("token", flags->revoked_token, "The token (ddk_...)")->required();
  revoke->add_option("--store", o.store, "sqlite:PATH or postgres://...")->capture_default_str();
  app.require_subcommand(0, 1);
  return [flags, create, revoke] {
    if (create->parsed()) {
      auto made = CreateApiToken(flags->options.store, flags->token_name, flags->token_scopes);
      if (!made) {
        fmt::print(stderr, "drydock: {}\n", made.error().message);
        return made.error().code == ErrorCode::kInvalidInput ? kExitUsage : kExitError;
      }
      fmt::print("{}\n", *made);
      return kExitOk;
    }
    if (revoke->parsed()) {
      auto revoked = RevokeApiToken(flags->options.store, flags->revoked_token);
      if (!revoked) {
        fmt::print(stderr, "drydock: {}\n", revoked.error().message);
        return kExitError;
      }
      return kExitOk;
    }
    if (flags->lease_seconds < 1 || flags->lease_seconds > 3600) {
      fmt::print(stderr, "drydock: --job-lease: 1..3600 seconds\n");
      return kExitUsage;
    }
    flags->options.job_lease = std::chrono::seconds(flags->lease_seconds);
    flags->options.role = flags->role == "api" ? ServerRole::kApi
                          : flags->role == "worker" ? ServerRole::kWorker
                                                    : ServerRole::kAll;
    auto check = ParseDuration(flags->db_check_interval);
    if (!check) {
      fmt::print(stderr, "drydock: --db-check-interval \"{}\": expected a duration such as 2s or 500ms\n",
                 flags->db_check_interval);
      return kExitUsage;
    }
    flags->options.db_check_interval = *check;
    if (flags->token_cache_ttl == "0") {
      flags->options.token_cache_ttl = std::chrono::milliseconds(0);
    } else if (auto ttl = ParseDuration(flags->token_cache_ttl); ttl && *ttl <= std::chrono::hours(1)) {
      flags->options.token_cache_ttl = *ttl;
    } else {
      fmt::print(stderr, "drydock: --token-cache-ttl \"{}\": expected 0 or a duration up to 1h such as 5s\n",
                 flags->token_cache_ttl);
      return kExitUsage;
    }
    if (flags->base_index_interval == "0") {
      flags->options.base_index_interval = std::chrono::milliseconds(0);
    } else if (auto every = ParseDuration(flags->base_index_interval); every && *every >= std::chrono::seconds(1)) {
      flags->options.base_index_interval = *every;
    } else {
      fmt::print(stderr, "drydock: --base-index-interval \"{}\": expected a duration such as 1h or 30s, or 0\n",
                 flags->base_index_interval);
      return kExitUsage;
    }
    if (!flags->db_update_interval.empty()) {
      auto every = ParseDuration(flags->db_update_interval);
      if (!every || *every < std::chrono::seconds(1)) {
        fmt::print(stderr, "drydock: --db-update-interval \"{}\": expected a duration such as 30m or 1h\n",
                   flags->db_update_interval);
        return kExitUsage;
      }
      flags->options.db_update_interval = std::chrono::duration_cast<std::chrono::seconds>(*every);
    }
    if (flags->skip_db) {
      flags->options.db_path.clear();
    } else if (flags->options.db_path.empty()) {
      flags->options.db_path = DefaultDbPath();
    }
    if (flags->options.db_update_interval.count() > 0) {
      if (flags->options.db_path.empty()) {
        fmt::print(stderr, "drydock: --db-update-interval needs a DB (not --skip-db)\n");
        return kExitUsage;
      }
      flags->options.update_db = DbUpdater(flags->db_mirrors, flags->db_repository, flags->db_public_key,
                                           flags->options.db_path);
    }
    return Serve(*flags);
  };
}

}  // namespace drydock
