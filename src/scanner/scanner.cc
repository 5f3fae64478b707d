// drydock/scanner.h: the long-lived scanner. It holds what every scan shares (the DB generation, compiled secret
// rules, the thread budget) and builds each request's ScanEnv from it.
#include "drydock/scanner.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "cache/layer_cache.h"
#include "scanner/scan_env.h"
#include "scanner/thread_budget.h"

namespace drydock {
namespace {

Result<std::shared_ptr<const VulnDb>> OpenDb(const std::string& path) {
  if (path.empty()) return std::shared_ptr<const VulnDb>();
  auto opened = VulnDb::Open(path);
  if (!opened) return Rewrap(opened.error(), "vulnerability DB {}", path);
  return std::shared_ptr<const VulnDb>(std::move(*opened));
}

// The policy a request carries as data, else the files its options name.
Result<Policy> RequestPolicy(const ScanRequest& request) {
  const ScanOptions& options = request.options;
  if (!request.ignore && request.vex.empty()) return LoadPolicy(options);
  Policy policy{.ignore_statuses = options.ignore_statuses};
  if (request.ignore) {
    const NamedText& ignore = *request.ignore;
    if (ignore.text.size() > kMaxPolicyFileBytes) {
      return FailWith(ErrorCode::kTooLarge, "{}: over the {} byte limit", ignore.name, kMaxPolicyFileBytes);
    }
    const bool yaml = ignore.name.ends_with(".yaml") || ignore.name.ends_with(".yml");
    auto rules = yaml ? ParseIgnoreYaml(ignore.text, ignore.name) : ParseIgnoreText(ignore.text, ignore.name);
    if (!rules) return FailWith(ErrorCode::kInvalidInput, "{}", rules.error().message);
    policy.ignores = std::move(*rules);
  }
  for (const NamedText& vex : request.vex) {
    if (vex.text.size() > kMaxPolicyFileBytes) {
      return FailWith(ErrorCode::kTooLarge, "{}: over the {} byte limit", vex.name, kMaxPolicyFileBytes);
    }
    auto statements = ParseVex(vex.text, vex.name);
    if (!statements) return FailWith(ErrorCode::kInvalidInput, "{}", statements.error().message);
    policy.vex.insert(policy.vex.end(), statements->begin(), statements->end());
  }
  return policy;
}

}  // namespace

struct Scanner::State {
  ScannerConfig config;
  std::shared_ptr<const SecretScanner> secrets;
  std::unique_ptr<ThreadBudget> budget;
  mutable std::mutex db_mutex;  // guards the three below
  std::shared_ptr<const VulnDb> db;
  std::string db_path;
  std::uint64_t generation = 0;
};

Scanner::Scanner(std::unique_ptr<State> state) : state_(std::move(state)) {}
Scanner::~Scanner() = default;

Result<std::unique_ptr<Scanner>> Scanner::Create(const ScannerConfig& config) {
  auto state = std::make_unique<State>();
  state->config = config;
  auto db = OpenDb(config.db_path);
  if (!db) return std::unexpected(db.error());
  state->db = std::move(*db);
  state->db_path = config.db_path;
  state->generation = 1;
  auto secrets = SecretScanner::Create(config.cache_dir);
  if (!secrets) return Rewrap(secrets.error(), "compiling the secret rules");
  state->secrets = std::make_shared<const SecretScanner>(std::move(*secrets));
  const std::size_t threads = config.threads != 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  state->budget = std::make_unique<ThreadBudget>(threads);
  return std::unique_ptr<Scanner>(new Scanner(std::move(state)));
}

Result<ScanReport> Scanner::Scan(const ScanRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (request.timeout.count() > 0) deadline = started + request.timeout;
  ScanEnv env;
  env.stop = StopCheck(request.stop, deadline);
  env.now = request.clock ? request.clock() : std::chrono::system_clock::now();
  env.secrets = state_->secrets;
  {
    std::lock_guard lock(state_->db_mutex);  // this scan keeps its generation alive until it ends
    env.db = state_->db;
    env.db_path = state_->db_path;
  }
  auto policy = RequestPolicy(request);
  if (!policy) return std::unexpected(policy.error());
  env.policy = std::move(*policy);

  ScanOptions options = request.options;
  options.db_path = env.db_path;
  options.cache_dir = state_->config.cache_dir;
  options.cache_max_bytes = state_->config.cache_max_bytes;
  options.no_cache = state_->config.cache_dir.empty();

  // Waiting for threads is itself stoppable: a cancelled request queued behind others leaves at once.
  std::size_t wanted = request.options.max_threads;
  if (const std::size_t cap = state_->config.threads_per_scan; cap != 0) wanted = wanted == 0 ? cap : std::min(wanted, cap);
  ThreadBudget::Lease lease = state_->budget->Acquire(wanted, request.stop);
  if (Status go = env.stop.Check(); !go) return std::unexpected(go.error());
  env.threads = std::max<std::size_t>(lease.threads(), 1);
  switch (request.kind) {
    case ScanKind::kImage: return ScanImageIn(options, env);
    case ScanKind::kRootfs: return ScanDirectoryIn(options, env, "rootfs");
    case ScanKind::kFilesystem: return ScanDirectoryIn(options, env, "filesystem");
    case ScanKind::kSbom: return ScanSbomIn(options, request.sbom_text, env);
  }
  return FailWith(ErrorCode::kInvalidInput, "unknown scan kind");
}

Status Scanner::ReloadDb(const std::string& path) {
  std::string target;
  {
    std::lock_guard lock(state_->db_mutex);
    target = path.empty() ? state_->db_path : path;
  }
  auto db = OpenDb(target);  // opened outside the lock: scans keep starting on the old generation meanwhile
  if (!db) return std::unexpected(db.error());
  std::shared_ptr<const VulnDb> old;
  {
    std::lock_guard lock(state_->db_mutex);
    old = std::exchange(state_->db, std::move(*db));
    state_->db_path = target;
    ++state_->generation;
  }
  return {};  // `old` is released here, or by the last scan still holding it
}

DbGeneration Scanner::Db() const {
  std::lock_guard lock(state_->db_mutex);
  return {.path = state_->db_path,
          .generation = state_->generation,
          .built_at = state_->db != nullptr ? state_->db->Info().built_at : ""};
}

std::size_t Scanner::threads() const { return state_->budget->total(); }

std::size_t Scanner::peak_threads() const { return state_->budget->peak_in_use(); }

}  // namespace drydock
