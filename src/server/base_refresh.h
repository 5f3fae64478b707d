// The server's base-image refresh (README "Base images in the server"): keeps the base-image index fresh by
// re-reading every indexed repository on a schedule (manifests and configs only), and advises every stored
// image that has an identified base: is the base's tag still on the digest the image was built on, and which
// rebuild removes the most findings (the refresh / update / smaller options of src/baseimage/advice.h). The
// counts come from real scans: the store's, when it holds the candidate base's digest, else a scan made here
// and kept in memory for the DB generation (a base is not added to the image list by being advised on). When the base's tag has moved, a base.outdated event goes into the events outbox (webhooks and
// Slack deliver it) with the old and new digests and what the rebuild removes, once per image and new digest.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "baseimage/advice.h"
#include "drydock/options.h"
#include "drydock/scanner.h"
#include "store/store.h"

namespace drydock {


struct BaseRefreshConfig {
  std::string index_path;                       // the base-image index (`drydock base index add`)
  std::chrono::milliseconds index_interval{0};  // re-read the indexed repositories this often; 0 = never
  std::chrono::milliseconds tick{1000};         // images stored since the last pass are advised this soon
  RegistryOptions registry;
  std::function<void(std::string_view)> log;
};

struct BaseRefreshStats {
  bool index_updated = false;
  std::size_t advised = 0;        // images whose advice was (re)written
  std::size_t announced = 0;      // base.outdated events written
  std::size_t bases_scanned = 0;  // candidate bases scanned in this pass
  std::vector<std::string> errors;
};

class BaseRefresh {
 public:
  // Opens the index. `store` and `scanner` must outlive the refresh.
  static Result<std::unique_ptr<BaseRefresh>> Create(BaseRefreshConfig config, Store& store, const Scanner& scanner);
  ~BaseRefresh();
  BaseRefresh(const BaseRefresh&) = delete;
  BaseRefresh& operator=(const BaseRefresh&) = delete;

  // One pass: with `update_index` the indexed repositories are re-read first (a registry error is in
  // stats.errors, and the advice is made from what the index held); then every image not advised yet (every
  // image, with `all`) is advised. An error only when the store cannot be read.
  Result<BaseRefreshStats> Pass(bool update_index, bool all, std::stop_token stop = {});

  void Start();  // the thread: a full pass (index update) every index_interval, new images every tick
  void Stop();
  void Nudge();  // an image was stored: advise it now

 private:
  BaseRefresh(BaseRefreshConfig config, Store& store, const Scanner& scanner,
              std::unique_ptr<baseimage::BaseIndex> index);
  void Loop(std::stop_token stop);

  BaseRefreshConfig config_;
  Store& store_;
  const Scanner& scanner_;
  std::unique_ptr<baseimage::BaseIndex> index_;
  std::map<std::string, baseimage::BaseFindings> scanned_;  // "digest|DB built_at" -> findings; Pass only
  std::mutex pass_mutex_;  // one pass at a time (the thread, tests)
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool nudged_ = false;
  std::jthread thread_;
};

}  // namespace drydock
