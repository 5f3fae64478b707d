#include "server/db_monitor_loop.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "monitor/db_monitor.h"

namespace drydock {
namespace {

std::string_view KindName(GenerationKind kind) {
  switch (kind) {
    case GenerationKind::kUnchanged: return "unchanged";
    case GenerationKind::kBaseline: return "baseline";
    case GenerationKind::kReplay: return "replay";
    case GenerationKind::kNew: return "new";
  }
  return "?";
}

}  // namespace

struct DbMonitorLoop::State {
  const ServerOptions& options;
  std::unique_ptr<DbMonitor> monitor;
  std::jthread thread;

  void Log(std::string_view line) const {
    if (options.log) options.log(line);
  }

  void Run(std::stop_token stop) {
    using Clock = std::chrono::steady_clock;
    const bool updates = options.update_db && options.db_update_interval.count() > 0;
    Clock::time_point next_update = Clock::now() + options.db_update_interval;
    std::string last_error;  // logged once until it changes, not every few seconds
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      if (updates && Clock::now() >= next_update) {
        next_update = Clock::now() + options.db_update_interval;
        Status updated = options.update_db();
        Log(updated ? "db update: done" : fmt::format("db update failed (retried in {}s): {}",
                                                      options.db_update_interval.count(), updated.error().message));
      }
      auto outcome = monitor->Check(stop);
      if (!outcome) {
        if (outcome.error().message != last_error && !stop.stop_requested()) Log("db monitor: " + outcome.error().message);
        last_error = outcome.error().message;
      } else if (outcome->kind != GenerationKind::kUnchanged) {
        last_error.clear();
        const RematchStats& s = outcome->stats;
        Log(fmt::format("db generation {} ({}, built {}): {} changed keys{}, {} images re-matched, {} changed, {} "
                        "events, {} failed, {} ms",
                        outcome->digest, KindName(outcome->kind), outcome->built_at, outcome->changed_keys,
                        outcome->full ? " (full re-match)" : "", s.images, s.changed, s.events, s.failed,
                        outcome->took.count()));
        for (const std::string& error : s.errors) Log("re-match failed: " + error);
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, options.db_check_interval, [] { return false; });
    }
  }
};

DbMonitorLoop::DbMonitorLoop(std::unique_ptr<State> state) : state_(std::move(state)) {}

DbMonitorLoop::~DbMonitorLoop() {
  state_->thread.request_stop();
  if (state_->thread.joinable()) state_->thread.join();
}

Result<std::unique_ptr<DbMonitorLoop>> DbMonitorLoop::Start(const ServerOptions& options, Store& store,
                                                            Scanner& scanner) {
  PolicyRules policy;
  if (!options.policy_path.empty()) {
    auto rules = LoadPolicyRules(options.policy_path);
    if (!rules) return Rewrap(rules.error(), "--policy");
    policy = *rules;
  }
  auto state = std::make_unique<State>(State{.options = options});
  DbMonitorConfig config{.db_path = options.db_path,
                         .policy = policy,
                         .threads = std::max<std::size_t>(1, scanner.threads() / 2),
                         .on_new_generation = [&scanner, &options](const std::string& digest) {
                           // New scans use the generation at once; the re-match runs on the monitor's own handle.
                           if (Status reloaded = scanner.ReloadDb(); !reloaded && options.log) {
                             options.log(fmt::format("reloading DB {} failed: {}", digest, reloaded.error().message));
                           }
                         },
                         .log = options.log};
  state->monitor = std::make_unique<DbMonitor>(store, std::move(config));
  State* raw = state.get();
  state->thread = std::jthread([raw](std::stop_token stop) { raw->Run(stop); });
  return std::unique_ptr<DbMonitorLoop>(new DbMonitorLoop(std::move(state)));
}

}  // namespace drydock
