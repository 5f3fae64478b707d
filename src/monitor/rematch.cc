#include "monitor/rematch.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "monitor/findings_diff.h"
#include "monitor/match_keys.h"
#include "monitor/stored_report.h"
#include "report/report.h"
#include "scanner/match_inventory.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxReportedErrors = 10;
constexpr std::size_t kIndexBatch = 200;
constexpr int kMaxRematchAttempts = 3;

std::int64_t UnixMs(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// What the last match added to a report: it is made again, so the old entries go first.
void ForgetMatch(ScanReport& report) {
  std::erase_if(report.errors, [](const ScanError& e) { return e.stage == "match" || e.stage == "db"; });
  report.suppressed.clear();
  report.policy.reset();
}

std::string JsonOf(const ScanReport& report) {
  std::ostringstream out;
  WriteJsonReport(report, out);
  return std::move(out).str();
}

}  // namespace

namespace {

// One attempt: nullopt when the stored report changed between the read and the write.
Result<std::optional<std::size_t>> RematchOnce(Store& store, const std::string& digest,
                                               const RematchSettings& settings, bool* changed) {
  if (changed != nullptr) *changed = false;
  auto image = store.GetImage(digest);
  if (!image) return std::unexpected(image.error());
  if (!*image) return std::optional<std::size_t>(0);  // deleted meanwhile
  auto stored = ReadStoredReport((*image)->report_json, digest);
  if (!stored) return std::unexpected(stored.error());
  ScanReport report = std::move(*stored);
  const bool matched_before = (*image)->db_built_at.size() > 0;
  std::optional<PolicyVerdict> before_verdict, after_verdict;
  if (settings.policy) before_verdict = JudgePolicy(*settings.policy, report, settings.now, matched_before);
  std::vector<Finding> before = report.vulnerabilities;

  ForgetMatch(report);
  MatchInventory({.db = settings.db, .db_path = settings.db_path, .now = settings.now}, report);
  // Findings in the base image's layers keep the scan's "base" mark (base advice counts them): the stored
  // packages carry it, layer by layer.
  std::set<std::string> base_layers;
  for (const Package& p : report.packages) {
    if (p.base) base_layers.insert(p.layer_diff_id);
  }
  for (Finding& f : report.vulnerabilities) f.base = base_layers.contains(f.layer_diff_id);
  if (settings.policy) {
    after_verdict = JudgePolicy(*settings.policy, report, settings.now, settings.db != nullptr);
    report.policy = after_verdict;
  }
  std::string json = JsonOf(report);
  if (json == (*image)->report_json) {
    // Nothing to announce and nothing to rewrite: most candidates of a DB change hold a changed package at a
    // version no advisory of it covers. Only the generation the findings hold for moves.
    if ((*image)->db_built_at == settings.db_built_at) return std::optional<std::size_t>(0);
    auto moved = store.UpdateFindings({.digest = digest, .db_built_at = settings.db_built_at,
                                       .expected_report_json = std::move((*image)->report_json),
                                       .report_unchanged = true},
                                      {}, UnixMs(std::chrono::system_clock::now()));
    if (!moved) return std::unexpected(moved.error());
    if (!*moved) return std::optional<std::size_t>();  // changed under us: read it again
    return std::optional<std::size_t>(0);
  }
  std::vector<NewEvent> events;
  if (settings.emit_events) {
    events = DiffFindings({.digest = digest, .repository = (*image)->repository, .generation = settings.generation,
                           .db_built_at = settings.db_built_at},
                          before, report.vulnerabilities, before_verdict, after_verdict);
  }
  auto written = store.UpdateFindings({.digest = digest, .report = &report, .report_json = std::move(json),
                                       .db_built_at = settings.db_built_at,
                                       .expected_report_json = std::move((*image)->report_json)},
                                      events, UnixMs(std::chrono::system_clock::now()));
  if (!written) return std::unexpected(written.error());
  if (!*written) return std::optional<std::size_t>();  // changed under us: the caller reads it again
  if (changed != nullptr) *changed = true;
  return std::optional<std::size_t>(events.size());
}

}  // namespace

Result<std::size_t> RematchImage(Store& store, const std::string& digest, const RematchSettings& settings,
                                 bool* changed) {
  // Another server re-matching the same store, or a re-scan, may write the image between our read and write;
  // the guarded write refuses then, and a fresh read diffs against what is stored now.
  for (int attempt = 0; attempt < kMaxRematchAttempts; ++attempt) {
    auto events = RematchOnce(store, digest, settings, changed);
    if (!events) return std::unexpected(events.error());
    if (*events) return **events;
  }
  return FailWith(ErrorCode::kUnavailable, "the stored report kept changing during the re-match");
}

RematchStats RematchImages(Store& store, std::span<const std::string> digests, const RematchSettings& settings,
                           std::size_t threads, std::stop_token stop) {
  RematchStats stats;
  std::mutex mutex;  // guards stats
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= digests.size() || stop.stop_requested()) return;
      bool changed = false;
      auto events = RematchImage(store, digests[i], settings, &changed);
      std::lock_guard lock(mutex);
      ++stats.images;
      if (!events) {
        ++stats.failed;
        if (stats.errors.size() < kMaxReportedErrors) stats.errors.push_back(digests[i] + ": " + events.error().message);
        continue;
      }
      stats.events += *events;
      if (changed) ++stats.changed;
    }
  };
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(digests.size(), 1));
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  pool.clear();  // joins
  return stats;
}

Result<std::size_t> IndexNewImages(Store& store, std::stop_token stop) {
  std::size_t indexed = 0;
  while (!stop.stop_requested()) {
    auto batch = store.UnindexedImages(kIndexBatch);
    if (!batch) return std::unexpected(batch.error());
    if (batch->empty()) break;
    for (const std::string& digest : *batch) {
      auto image = store.GetImage(digest);
      if (!image) return std::unexpected(image.error());
      std::vector<MatchKey> keys;
      if (*image) {
        // A report that cannot be read gets no keys: only a full re-match (a restart on a new DB) retries it.
        if (auto report = ReadStoredReport((*image)->report_json, digest)) keys = MatchKeysOf(*report);
      }
      if (auto set = store.SetMatchKeys(digest, keys); !set) return std::unexpected(set.error());
      ++indexed;
    }
  }
  return indexed;
}

}  // namespace drydock
