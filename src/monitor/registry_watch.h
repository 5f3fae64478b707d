// Registry watching: tags seen behind digests, from the registry's push notifications and from polling.
// A new tag, or a new digest behind a known tag, queues a scan; a digest change behind a known tag is also a
// tag.mutated event (store.ObserveTag writes it in the same transaction as the new digest). The poller lists a
// watch's tags (tags/list) and HEADs each matching tag's manifest: no manifest or layer is downloaded to notice
// that nothing changed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "drydock/error.h"
#include "drydock/options.h"
#include "store/store.h"

namespace drydock {

inline constexpr std::size_t kMaxTagsPerPoll = 1000;  // matching tags HEADed per poll of one watch
inline constexpr std::chrono::seconds kMinWatchInterval{1};
inline constexpr std::chrono::hours kMaxWatchInterval{24 * 7};

// Queues a scan of `image` ("host/repository:tag"); the job id. Provided by the server (it owns scan jobs).
using QueueScan = std::function<Result<std::int64_t>(const std::string& image)>;

struct TrackedTag {
  bool queued = false;   // a scan was queued (new tag or moved digest)
  bool mutated = false;  // the digest behind an existing tag changed
  std::int64_t job_id = 0;
};

// Records that repository:tag ("127.0.0.1:5000/team/app", "1.0") points at `digest`, seen by `source`
// ("registry-hook" or "watch"), and queues a scan when that is news.
Result<TrackedTag> TrackTag(Store& store, const QueueScan& queue, const std::string& repository,
                            const std::string& tag, const std::string& digest, std::string_view source,
                            std::int64_t now_ms);

// "30s", "5m", "1h", "1d" (one number, one unit) within [kMinWatchInterval, kMaxWatchInterval].
Result<std::chrono::milliseconds> ParseWatchInterval(std::string_view text);

// Checks a watch's repository ("host[:port]/path", no tag or digest) and tag pattern (an ECMAScript regex
// matched against the whole tag, at most 256 characters).
Status ValidateWatch(const std::string& repository, const std::string& tag_pattern);

class RegistryWatcher {
 public:
  RegistryWatcher(Store& store, RegistryOptions registry, QueueScan queue,
                  std::function<void(std::string_view)> log, std::chrono::milliseconds tick = std::chrono::seconds(1))
      : store_(store), registry_(std::move(registry)), queue_(std::move(queue)), log_(std::move(log)), tick_(tick) {}
  ~RegistryWatcher() { Stop(); }
  RegistryWatcher(const RegistryWatcher&) = delete;
  RegistryWatcher& operator=(const RegistryWatcher&) = delete;

  void Start();
  void Stop();
  void Nudge();  // a watch was added: poll it now

  // Polls every due watch once; returns how many were polled. A registry error is kept on the watch
  // (last_error), not returned.
  Result<int> PollDue(std::int64_t now_ms);

 private:
  std::string PollOne(const Watch& watch, std::int64_t now_ms);  // "" or what went wrong
  void Loop(std::stop_token stop);

  Store& store_;
  RegistryOptions registry_;
  QueueScan queue_;
  std::function<void(std::string_view)> log_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool nudged_ = false;
  std::jthread thread_;
};

}  // namespace drydock
