// drydock server: the store, the Scanner, this process's workers and the HTTP API, until stopped.
#include "drydock/server.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "admission/admission_policy.h"
#include "common/text.h"
#include "jobs/worker_pool.h"
#include "monitor/registry_watch.h"
#include "notify/notifier.h"
#include "server/admission_service.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/base_refresh.h"
#include "server/db_monitor_loop.h"
#include "server/scan_job.h"
#include "store/store.h"

namespace drydock {
namespace {

constexpr std::chrono::milliseconds kMaxReapInterval{5000};

Result<std::pair<std::string, int>> SplitListen(const std::string& listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return FailWith(ErrorCode::kInvalidInput, "--listen \"{}\": expected host:port", listen);
  }
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return FailWith(ErrorCode::kInvalidInput, "--listen \"{}\": bad port", listen);
  }
  return std::pair{listen.substr(0, colon), std::stoi(port)};
}

std::string_view RoleName(ServerRole role) {
  switch (role) {
    case ServerRole::kApi: return "api";
    case ServerRole::kWorker: return "worker";
    case ServerRole::kAll: return "all";
  }
  return "all";
}

std::string ProcessName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", host, ::getpid());
}

// Every TLS handshake asks for a client certificate issued by `ca_file` (the names sent are its subjects). One is
// optional: API clients send none and use tokens; one that does not verify ends the handshake. Whether a request
// came with a verified one is HasVerifiedClientCertificate (api.cc).
Status AskForClientCertificates(SSL_CTX& ctx, const std::string& ca_file) {
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(ca_file.c_str());
  if (names == nullptr || SSL_CTX_load_verify_locations(&ctx, ca_file.c_str(), nullptr) != 1) {
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    return FailWith(ErrorCode::kInvalidInput, "--admission-client-ca {}: not a PEM CA certificate", ca_file);
  }
  SSL_CTX_set_client_CA_list(&ctx, names);  // takes ownership
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
  // With peer verification on, OpenSSL refuses to resume a session (the API server's Go client resumes) unless
  // the sessions are tied to a context.
  static constexpr unsigned char kSessionContext[] = "drydock-server";
  SSL_CTX_set_session_id_context(&ctx, kSessionContext, sizeof kSessionContext - 1);
  return {};
}

// httplib's SSLServer (OpenSSL) when a certificate is given, else plain HTTP.
Result<std::unique_ptr<httplib::Server>> MakeHttpServer(const ServerOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return FailWith(ErrorCode::kInvalidInput, "--tls-cert and --tls-key go together");
  }
  if (options.tls_cert.empty()) {
    if (!options.admission_policy.empty()) {
      return FailWith(ErrorCode::kInvalidInput,
                      "--admission-policy needs --tls-cert and --tls-key: the API server calls webhooks over HTTPS only");
    }
    if (!options.admission_client_ca.empty()) {
      return FailWith(ErrorCode::kInvalidInput, "--admission-client-ca needs --tls-cert and --tls-key");
    }
    return std::make_unique<httplib::Server>();
  }
  for (const std::string& file : {options.tls_cert, options.tls_key}) {
    if (::access(file.c_str(), R_OK) != 0) {
      return FailWith(ErrorCode::kInvalidInput, "TLS file {}: {}", file, std::strerror(errno));
    }
  }
  auto server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  if (!server->is_valid()) {
    return FailWith(ErrorCode::kInvalidInput, "--tls-cert {} / --tls-key {}: not a PEM certificate and its private key",
                    options.tls_cert, options.tls_key);
  }
  if (!options.admission_client_ca.empty()) {
    if (Status asked = AskForClientCertificates(*server->ssl_context(), options.admission_client_ca); !asked) {
      return std::unexpected(asked.error());
    }
  }
  return std::unique_ptr<httplib::Server>(std::move(server));
}

}  // namespace

Status RunServer(const ServerOptions& options, std::stop_token stop) {
  auto address = SplitListen(options.listen);
  if (!address) return std::unexpected(address.error());
  auto http_server = MakeHttpServer(options);
  if (!http_server) return std::unexpected(http_server.error());
  httplib::Server& http = **http_server;
  // httplib writes a response's headers and body separately: with Nagle on, the body waits for the client's
  // delayed ACK of the headers, 40 ms on Linux, on every keep-alive request.
  http.set_tcp_nodelay(true);
  std::optional<admission::AdmissionPolicy> admission_policy;
  if (!options.admission_policy.empty()) {
    auto loaded = admission::LoadAdmissionPolicy(options.admission_policy);
    if (!loaded) return FailWith(ErrorCode::kInvalidInput, "{}", loaded.error().message);
    admission_policy = std::move(*loaded);
  }
  const int worker_count = options.role == ServerRole::kApi ? 0 : options.workers;
  if (options.role == ServerRole::kWorker && worker_count < 1) {
    return FailWith(ErrorCode::kInvalidInput, "--role worker needs --workers 1 or more");
  }
  auto store = OpenStore(options.store);
  if (!store) return std::unexpected(store.error());
  // Each worker's scan gets a fair share of the thread budget, so one scan cannot hold every thread while
  // the others wait for it to finish.
  const std::size_t budget = options.scan_threads != 0 ? options.scan_threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers_count = static_cast<std::size_t>(std::max(worker_count, 1));
  auto scanner = Scanner::Create({.db_path = options.db_path,
                                  .cache_dir = options.cache_dir,
                                  .threads = budget,
                                  .threads_per_scan = std::max<std::size_t>(1, (budget + workers_count - 1) / workers_count)});
  if (!scanner) return std::unexpected(scanner.error());

  auto webhook_addresses = WebhookAddressPolicy::FromAllowList(options.webhook_allow_networks);
  if (!webhook_addresses) return std::unexpected(webhook_addresses.error());
  Notifier notifier(**store, NotifierConfig{.log = options.log, .addresses = *webhook_addresses});
  std::unique_ptr<BaseRefresh> base_refresh;
  if (!options.base_index.empty()) {
    auto made = BaseRefresh::Create({.index_path = options.base_index,
                                     .index_interval = options.base_index_interval,
                                     .registry = options.registry,
                                     .log = options.log},
                                    **store, **scanner);
    if (!made) return std::unexpected(made.error());
    base_refresh = std::move(*made);
  }
  std::unique_ptr<WorkerPool> workers;
  const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(options.job_lease);
  if (worker_count > 0) {
    JobHandler handler = [&](const Job& job, std::stop_token job_stop) -> Result<std::string> {
      if (job.kind != kScanJobKind) return FailWith(ErrorCode::kInvalidInput, "unknown job kind \"{}\"", job.kind);
      auto digest = RunScanJob(job, job_stop, **scanner, **store, options.registry, options.base_index);
      if (digest) notifier.Nudge();  // its image.scanned event was stored with the report
      if (digest && base_refresh) base_refresh->Nudge();
      if (options.log) {
        options.log(digest ? fmt::format("job {} done: {}", job.id, *digest)
                           : fmt::format("job {} failed (attempt {}): {}", job.id, job.attempts, digest.error().message));
      }
      return digest;
    };
    workers = std::make_unique<WorkerPool>(**store, std::move(handler),
                                           WorkerConfig{.owner = ProcessName(),
                                                        .workers = worker_count,
                                                        .lease = lease,
                                                        .heartbeat = lease / 3,
                                                        .reap_every = std::min(lease / 2, kMaxReapInterval)});
  }

  std::unique_ptr<AdmissionService> admission;
  if (admission_policy) {
    auto made = AdmissionService::Create(std::move(*admission_policy), **store, **scanner, workers.get(), options.registry);
    if (!made) return std::unexpected(made.error());
    admission = std::move(*made);
  }
  // Pushes and moved tags are scanned after API requests but before anything scheduled.
  QueueScan queue_scan = [&](const std::string& image) -> Result<std::int64_t> {
    auto job = MakeScanJob(image, "");
    if (!job) return std::unexpected(job.error());
    nlohmann::json payload = nlohmann::json::parse(job->payload);
    payload["trigger"] = "registry";
    job->payload = payload.dump();
    job->priority = kPushPriority;
    auto queued = (*store)->Enqueue(*job, NowMs());
    if (!queued) return std::unexpected(queued.error());
    if (workers) workers->Nudge();
    return queued->id;
  };
  RegistryWatcher watcher(**store, options.registry, queue_scan, options.log);
  ApiContext context{.store = store->get(),
                     .scanner = scanner->get(),
                     .workers = workers.get(),
                     .options = &options,
                     .notifier = &notifier,
                     .webhook_addresses = &*webhook_addresses,
                     .watcher = &watcher,
                     .queue_scan = queue_scan,
                     .admission = admission.get()};
  RegisterApi(http, context);
  const int port = address->second == 0 ? http.bind_to_any_port(address->first)
                                        : (http.bind_to_port(address->first, address->second) ? address->second : -1);
  if (port < 0) {
    return FailWith(ErrorCode::kUnavailable, "cannot listen on {}: {}", options.listen, std::strerror(errno));
  }
  if (workers) workers->Start();
  std::unique_ptr<DbMonitorLoop> monitor;
  if (!options.db_path.empty()) {
    auto started = DbMonitorLoop::Start(options, **store, **scanner);
    if (!started) {
      if (workers) workers->Stop();
      return std::unexpected(started.error());
    }
    monitor = std::move(*started);
  }
  notifier.Start();
  watcher.Start();
  if (base_refresh) base_refresh->Start();
  std::stop_callback on_stop(stop, [&] { http.stop(); });
  if (options.log) {
    options.log(fmt::format("listening on {}://{}:{} (role {}, store {}, {} workers, DB {}{})",
                            options.tls_cert.empty() ? "http" : "https", address->first, port, RoleName(options.role),
                            RedactedStoreUrl(options.store), worker_count, options.db_path.empty() ? "none" : options.db_path,
                            admission ? ", admission policy " + options.admission_policy : ""));
  }
  if (options.on_listening) options.on_listening(port);
  if (!stop.stop_requested()) http.listen_after_bind();
  watcher.Stop();
  if (base_refresh) base_refresh->Stop();
  monitor.reset();  // a re-match in progress stops between images; its generation is redone at the next start
  if (workers) workers->Stop();  // running scans are cancelled; their jobs go back to the queue
  notifier.Stop();
  if (options.log) options.log("stopped");
  return {};
}

Result<std::string> CreateApiToken(const std::string& store_url, const std::string& name, const std::string& scopes) {
  auto normalised = NormaliseScopes(scopes);
  if (!normalised) return std::unexpected(normalised.error());
  auto store = OpenStore(store_url);
  if (!store) return std::unexpected(store.error());
  std::string token = NewApiToken();
  if (token.empty()) return Fail("no random bytes for a token");
  if (auto added = (*store)->AddToken(name, HashApiToken(token), *normalised); !added) {
    return std::unexpected(added.error());
  }
  return token;
}

Status RevokeApiToken(const std::string& store_url, const std::string& token) {
  auto store = OpenStore(store_url);
  if (!store) return std::unexpected(store.error());
  auto removed = (*store)->RevokeToken(HashApiToken(Trim(token)));
  if (!removed) return std::unexpected(removed.error());
  if (!*removed) return FailWith(ErrorCode::kNotFound, "no such token in the store");
  return {};
}

}  // namespace drydock
