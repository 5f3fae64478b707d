#include "monitor/db_monitor.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>

namespace drydock {
namespace {

struct FileStamp {
  std::uint64_t inode = 0, size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

std::optional<FileStamp> StampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::string> FindingCounts(Store& store) {
  auto counts = store.FindingsBySeverity();
  if (!counts) return std::unexpected(counts.error());
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [severity, count] : *counts) out[severity] = count;
  return out.dump();
}

void Add(RematchStats& total, RematchStats part) {
  total.images += part.images;
  total.changed += part.changed;
  total.events += part.events;
  total.failed += part.failed;
  for (std::string& e : part.errors) {
    if (total.errors.size() < 10) total.errors.push_back(std::move(e));
  }
}

// Re-matches the running images (deployments) first, as a pass of their own: their events, and so their alerts,
// come before any other image's, and a long re-match announces what runs in production soonest.
Result<RematchStats> RematchRunningFirst(Store& store, std::vector<std::string> candidates,
                                         const RematchSettings& settings, std::size_t threads, std::stop_token stop) {
  auto running = store.RunningDigests(candidates);
  if (!running) return std::unexpected(running.error());
  const std::unordered_set<std::string> first(running->begin(), running->end());
  const auto rest = std::stable_partition(candidates.begin(), candidates.end(),
                                          [&](const std::string& d) { return first.contains(d); });
  RematchStats stats;
  const std::size_t split = static_cast<std::size_t>(rest - candidates.begin());
  if (split > 0) Add(stats, RematchImages(store, std::span(candidates).first(split), settings, threads, stop));
  if (split < candidates.size()) {
    Add(stats, RematchImages(store, std::span(candidates).subspan(split), settings, threads, stop));
  }
  return stats;
}

}  // namespace

struct DbMonitor::State {
  Store& store;
  DbMonitorConfig config;
  std::optional<FileStamp> stamp;          // of the file the current generation came from
  std::unique_ptr<VulnDb> db;              // the current generation (kept to diff the next one against)
  std::vector<PackageDigest> digests;      // its per-package digests
  std::string digest;
};

DbMonitor::DbMonitor(Store& store, DbMonitorConfig config)
    : state_(std::make_unique<State>(State{.store = store, .config = std::move(config)})) {}
DbMonitor::~DbMonitor() = default;

std::string DbMonitor::current_digest() const { return state_->digest; }

Result<GenerationOutcome> DbMonitor::Check(std::stop_token stop) {
  State& s = *state_;
  const auto started = std::chrono::steady_clock::now();
  GenerationOutcome outcome;
  auto stamp = StampOf(s.config.db_path);
  if (!stamp) return FailWith(ErrorCode::kNotFound, "vulnerability DB {}: cannot stat it", s.config.db_path);
  if (s.db && s.stamp == stamp) return outcome;
  auto opened = VulnDb::Open(s.config.db_path);
  if (!opened) return Rewrap(opened.error(), "vulnerability DB");
  std::unique_ptr<VulnDb> db = std::move(*opened);
  outcome.digest = db->ContentDigest();
  outcome.built_at = db->Info().built_at;
  if (outcome.digest == s.digest) {
    s.stamp = stamp;  // touched or rewritten with the same bytes
    return outcome;
  }
  if (s.config.on_new_generation) s.config.on_new_generation(outcome.digest);
  const std::int64_t now_ms = NowMs();
  auto record = s.store.RecordGeneration(outcome.digest, outcome.built_at, now_ms);
  if (!record) return std::unexpected(record.error());
  auto generations = s.store.Generations();
  if (!generations) return std::unexpected(generations.error());
  const bool seen_before = std::any_of(generations->begin(), generations->end(), [&](const DbGenerationRecord& g) {
    return g.digest != outcome.digest && g.processed_ms > 0;
  });
  // New and re-scanned images get their look-up keys first, so the candidates below include them.
  if (auto indexed = IndexNewImages(s.store, stop); !indexed) return std::unexpected(indexed.error());
  std::vector<PackageDigest> digests = db->PackageDigests();

  if (record->first.processed_ms > 0) {
    outcome.kind = GenerationKind::kReplay;
  } else if (!seen_before) {
    outcome.kind = GenerationKind::kBaseline;
  } else {
    outcome.kind = GenerationKind::kNew;
    std::vector<std::string> candidates;
    if (s.db) {
      std::vector<MatchKey> changed;
      for (auto& [ecosystem, name] : ChangedPackages(s.digests, digests)) changed.push_back({ecosystem, name});
      outcome.changed_keys = changed.size();
      auto holders = s.store.ImagesWithKeys(changed);
      if (!holders) return std::unexpected(holders.error());
      candidates = std::move(*holders);
    } else {
      // No previous DB in memory (the server restarted onto a new file): every image, since the stored findings
      // are what the diff is taken against, this is correct, only slower.
      outcome.full = true;
      auto all = s.store.ImageDigests();
      if (!all) return std::unexpected(all.error());
      candidates = std::move(*all);
    }
    RematchSettings settings{.db = db.get(), .db_path = s.config.db_path, .generation = outcome.digest,
                             .db_built_at = outcome.built_at, .policy = s.config.policy};
    auto stats = RematchRunningFirst(s.store, std::move(candidates), settings, s.config.threads, stop);
    if (!stats) return std::unexpected(stats.error());
    outcome.stats = std::move(*stats);
    if (stop.stop_requested()) return FailWith(ErrorCode::kCancelled, "re-match of {} stopped", outcome.digest);
  }
  if (outcome.kind != GenerationKind::kReplay) {
    auto counts = FindingCounts(s.store);
    if (!counts) return std::unexpected(counts.error());
    if (auto marked = s.store.MarkGenerationProcessed(outcome.digest, *counts, NowMs()); !marked) {
      return std::unexpected(marked.error());
    }
  }
  s.db = std::move(db);
  s.digests = std::move(digests);
  s.digest = outcome.digest;
  s.stamp = stamp;
  outcome.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return outcome;
}

}  // namespace drydock
