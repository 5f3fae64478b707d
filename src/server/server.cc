// drydock server: the store, the Scanner, this process's workers and the HTTP API, until stopped.
#include "drydock/server.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "jobs/worker_pool.h"
#include "server/api.h"
#include "server/auth.h"
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

}  // namespace

Status RunServer(const ServerOptions& options, std::stop_token stop) {
  auto address = SplitListen(options.listen);
  if (!address) return std::unexpected(address.error());
  const int worker_count = options.role == ServerRole::kApi ? 0 : options.workers;
  if (options.role == ServerRole::kWorker && worker_count < 1) {
    return FailWith(ErrorCode::kInvalidInput, "--role worker needs --workers 1 or more");
  }
  auto store = OpenStore(options.store);
  if (!store) return std::unexpected(store.error());
  auto scanner = Scanner::Create({.db_path = options.db_path,
                                  .cache_dir = options.cache_dir,
                                  .threads = options.scan_threads});
  if (!scanner) return std::unexpected(scanner.error());

  std::unique_ptr<WorkerPool> workers;
  const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(options.job_lease);
  if (worker_count > 0) {
    JobHandler handler = [&](const Job& job, std::stop_token job_stop) -> Result<std::string> {
      if (job.kind != kScanJobKind) return FailWith(ErrorCode::kInvalidInput, "unknown job kind \"{}\"", job.kind);
      auto digest = RunScanJob(job, job_stop, **scanner, **store, options.registry);
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

  ApiContext context{.store = store->get(), .scanner = scanner->get(), .workers = workers.get(), .options = &options};
  httplib::Server http;
  // Replies go out as a header write and a body write: with Nagle's algorithm the body waits for the client's
  // delayed ACK of the headers (40 ms on Linux) on every non-pipelined request.
  http.set_tcp_nodelay(true);
  RegisterApi(http, context);
  const int port = address->second == 0 ? http.bind_to_any_port(address->first)
                                        : (http.bind_to_port(address->first, address->second) ? address->second : -1);
  if (port < 0) {
    return FailWith(ErrorCode::kUnavailable, "cannot listen on {}: {}", options.listen, std::strerror(errno));
  }
  if (workers) workers->Start();
  std::stop_callback on_stop(stop, [&] { http.stop(); });
  if (options.log) {
    options.log(fmt::format("listening on {}:{} (role {}, store {}, {} workers, DB {})", address->first, port,
                            RoleName(options.role), RedactedStoreUrl(options.store), worker_count,
                            options.db_path.empty() ? "none" : options.db_path));
  }
  if (options.on_listening) options.on_listening(port);
  if (!stop.stop_requested()) http.listen_after_bind();
  if (workers) workers->Stop();  // running scans are cancelled; their jobs go back to the queue
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

}  // namespace drydock
