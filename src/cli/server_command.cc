// drydock server [--listen H:P] [--store sqlite:PATH|postgres://...] [--role all|api|worker] [--db PATH]
//                [--workers N] ...
// drydock server token create --scope read[,scan,admin] [--name N] [--store URL]
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <map>
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
};

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
  app.add_option("--role", o.role, "all: API and workers; api: requests only; worker: jobs only (health, metrics)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ServerRole>{{"all", ServerRole::kAll}, {"api", ServerRole::kApi},
                                            {"worker", ServerRole::kWorker}},
          CLI::ignore_case))
      ->default_str("all");
  app.add_option("--db", o.db_path, "Compiled vulnerability DB (default: $DRYDOCK_DB, ~/.cache/drydock/drydock.db)");
  app.add_flag("--skip-db", flags->skip_db, "Store packages only; match nothing");
  app.add_option("--workers", o.workers, "Scan workers in this process (0: API only)")->capture_default_str();
  app.add_option("--threads", o.scan_threads, "Threads shared by this process's scans (default: CPU count)");
  app.add_option("--cache-dir", o.cache_dir, "Layer cache directory (default: ~/.cache/drydock)");
  app.add_flag("--no-cache", flags->no_cache, "Read every layer; keep no layer cache");
  app.add_option("--job-lease", flags->lease_seconds, "Seconds a silent worker keeps a job before it is re-queued")
      ->capture_default_str();
  app.add_option("--max-body", o.max_body_bytes, "Largest request body in bytes (413 above)")->capture_default_str();
  app.add_option("--registry-auth", o.registry.docker_config,
                 "Registry credentials for pulls: a docker config.json of the server's own (never the requester's)");
  app.add_flag("--insecure-registry", o.registry.insecure, "Pull over plain HTTP or unverified TLS");
  app.add_option("--ca-cert", o.registry.ca_cert, "PEM CA bundle for registries");
  app.add_option("--registry-mirror", o.registry.mirrors, "HOST[:PORT] tried before an image's registry (may repeat)");
  auto* token = app.add_subcommand("token", "API tokens");
  auto* create = token->add_subcommand("create", "Create a token; it is printed once and stored only as a hash");
  create->add_option("--scope", flags->token_scopes, "read, scan, admin (comma-separated)")->required();
  create->add_option("--name", flags->token_name, "What the token is for")->capture_default_str();
  create->add_option("--store", o.store, "sqlite:PATH or postgres://...")->capture_default_str();
  app.require_subcommand(0, 1);
  return [flags, create] {
    if (create->parsed()) {
      auto made = CreateApiToken(flags->options.store, flags->token_name, flags->token_scopes);
      if (!made) {
        fmt::print(stderr, "drydock: {}\n", made.error().message);
        return made.error().code == ErrorCode::kInvalidInput ? kExitUsage : kExitError;
      }
      fmt::print("{}\n", *made);
      return kExitOk;
    }
    if (flags->lease_seconds < 1 || flags->lease_seconds > 3600) {
      fmt::print(stderr, "drydock: --job-lease: 1..3600 seconds\n");
      return kExitUsage;
    }
    flags->options.job_lease = std::chrono::seconds(flags->lease_seconds);
    if (flags->skip_db) {
      flags->options.db_path.clear();
    } else if (flags->options.db_path.empty()) {
      flags->options.db_path = DefaultDbPath();
    }
    return Serve(*flags);
  };
}

}  // namespace drydock
