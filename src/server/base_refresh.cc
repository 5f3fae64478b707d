#include "server/base_refresh.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "baseimage/advice.h"
#include "baseimage/base_index.h"
#include "baseimage/index_registry.h"
#include "common/today.h"
#include "jobs/worker_pool.h"
#include "monitor/stored_report.h"
#include "scanner/base_image.h"
#include "server/base_advice_record.h"

namespace drydock {
namespace {

constexpr std::chrono::minutes kBaseScanTimeout{10};
constexpr std::size_t kMaxScannedBases = 256;  // base scans kept in memory; past it the cache starts over

// "linux/arm64/v8" -> "linux/arm64": the advice compares os/arch, as the CLI's does.
std::string OsArch(std::string platform) {
  if (std::count(platform.begin(), platform.end(), '/') > 1) platform.resize(platform.rfind('/'));
  return platform;
}

}  // namespace

BaseRefresh::BaseRefresh(BaseRefreshConfig config, Store& store, const Scanner& scanner,
                         std::unique_ptr<baseimage::BaseIndex> index)
    : config_(std::move(config)), store_(store), scanner_(scanner), index_(std::move(index)) {}

BaseRefresh::~BaseRefresh() { Stop(); }

Result<std::unique_ptr<BaseRefresh>> BaseRefresh::Create(BaseRefreshConfig config, Store& store,
                                                         const Scanner& scanner) {
  auto index = baseimage::BaseIndex::Open(config.index_path);
  if (!index) return Rewrap(index.error(), "base index {}", config.index_path);
  return std::unique_ptr<BaseRefresh>(new BaseRefresh(std::move(config), store, scanner, std::move(*index)));
}

Result<BaseRefreshStats> BaseRefresh::Pass(bool update_index, bool all, std::stop_token stop) {
  std::lock_guard pass_lock(pass_mutex_);
  BaseRefreshStats stats;
  if (update_index) {
    auto updated = baseimage::UpdateIndex(*index_, config_.registry);
    if (updated) {
      stats.index_updated = true;
    } else {
      stats.errors.push_back("updating the base index: " + updated.error().message);
    }
  }
  auto rows = store_.ImageBases();
  if (!rows) return std::unexpected(rows.error());
  const std::string today = TodayUtc();
  // Each candidate base's findings once per pass, however many images share it.
  std::map<std::string, Result<baseimage::BaseFindings>> bases;
  auto findings_of = [&](const baseimage::IndexEntry& entry) -> Result<baseimage::BaseFindings> {
    if (auto it = bases.find(entry.digest); it != bases.end()) return it->second;
    auto found = [&]() -> Result<baseimage::BaseFindings> {
      auto stored = store_.ImageReport(entry.digest);
      if (!stored) return std::unexpected(stored.error());
      if (*stored) {
        auto report = ReadStoredReport(**stored, entry.digest);
        if (!report) return std::unexpected(report.error());
        return BaseFindingsOf(*report, false, today);
      }
      // Not stored: scanned here, and kept in memory only (per DB generation), so bases nobody asked to watch
      // neither fill the image list nor raise finding events of their own.
      const std::string key = entry.digest + "|" + scanner_.Db().built_at;
      if (auto it = scanned_.find(key); it != scanned_.end()) return it->second;
      ScanRequest request;
      request.options.target = entry.repository + "@" + entry.digest;
      request.options.registry = config_.registry;
      if (!entry.platform.empty()) request.options.registry.platform = entry.platform;
      request.stop = stop;
      request.timeout = kBaseScanTimeout;
      auto report = scanner_.Scan(request);
      if (!report) return Rewrap(report.error(), "scanning base {}:{}", entry.repository, entry.tag);
      ++stats.bases_scanned;
      if (scanned_.size() >= kMaxScannedBases) scanned_.clear();
      return scanned_.emplace(key, BaseFindingsOf(*report, false, today)).first->second;
    }();
    return bases.emplace(entry.digest, std::move(found)).first->second;
  };
  for (const ImageBase& row : *rows) {
    if (stop.stop_requested()) break;
    if (!all && row.advised_ms != 0) continue;
    auto stored = store_.GetImage(row.digest);
    if (!stored) return std::unexpected(stored.error());
    if (!*stored) continue;  // deleted meanwhile
    auto report = ReadStoredReport((*stored)->report_json, row.digest);
    if (!report) {
      stats.errors.push_back(report.error().message);
      continue;
    }
    if (!report->artifact.base_image || report->artifact.base_image->digest != row.base_digest) continue;
    const BaseImageInfo& base = *report->artifact.base_image;
    auto repository = index_->CurrentTags(base.name);
    if (!repository) return std::unexpected(repository.error());
    // The image's platform is its base's: the index entry of the digest it was built on says which.
    std::string platform;
    if (auto known = index_->FindDigest(base.digest); known && !known->empty()) platform = OsArch(known->front().platform);
    for (baseimage::IndexEntry& e : *repository) e.platform = OsArch(e.platform);
    baseimage::AdviceInput input{.base = &base, .current = BaseFindingsOf(*report, true, today),
                                 .platform = platform, .repository = std::move(*repository)};
    std::vector<BaseAdviceOption> options = baseimage::Advise(input, findings_of);
    const auto refresh = std::find_if(options.begin(), options.end(),
                                      [](const BaseAdviceOption& o) { return o.kind == "refresh"; });
    BaseAdviceRecord record{.digest = row.digest, .base_digest = row.base_digest,
                            .outdated = refresh != options.end(),
                            .current_digest = refresh != options.end() ? refresh->digest : base.digest,
                            .advice_json = AdviceJson(options)};
    // Announced once the new base's findings are known: the event says what the rebuild removes.
    std::optional<NewEvent> event;
    if (refresh != options.end() && refresh->error.empty()) {
      event = BaseOutdatedEvent(row.digest, (*stored)->repository, base, *refresh);
    }
    bool announced = false;
    auto written = store_.RecordBaseAdvice(record, event ? &*event : nullptr, NowMs(), &announced);
    if (!written) return std::unexpected(written.error());
    stats.advised += *written ? 1 : 0;
    stats.announced += announced ? 1 : 0;
    if (announced && config_.log) {
      config_.log(fmt::format("base {}:{} of {} moved to {}: a rebuild removes {} findings", base.name, base.tag,
                              row.digest, refresh->digest, refresh->removed_total));
    }
  }
  for (const auto& [digest, found] : bases) {
    if (!found) stats.errors.push_back(found.error().message);
  }
  return stats;
}

void BaseRefresh::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void BaseRefresh::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void BaseRefresh::Nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void BaseRefresh::Loop(std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const bool updates = config_.index_interval.count() > 0;
  Clock::time_point next_update = Clock::now();  // the first pass re-reads the index and advises everything
  std::string last_error;  // logged once until it changes
  while (!stop.stop_requested()) {
    const bool full = updates ? Clock::now() >= next_update : next_update != Clock::time_point::max();
    if (full) next_update = updates ? Clock::now() + config_.index_interval : Clock::time_point::max();
    auto stats = Pass(full && updates, full, stop);
    std::string error = stats ? (stats->errors.empty() ? "" : stats->errors.front()) : stats.error().message;
    if (!error.empty() && error != last_error && config_.log && !stop.stop_requested()) {
      config_.log("base refresh: " + error);
    }
    last_error = error;
    if (stats && config_.log && (stats->announced > 0 || stats->bases_scanned > 0)) {
      config_.log(fmt::format("base refresh: {} images advised, {} bases scanned, {} base.outdated events",
                              stats->advised, stats->bases_scanned, stats->announced));
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, config_.tick, [this] { return nudged_; });
    nudged_ = false;
  }
}

}  // namespace drydock
