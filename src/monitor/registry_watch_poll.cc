// The poller: every due watch lists its repository's tags and HEADs the matching ones.
#include <regex>

#include "common/image_reference.h"
#include "monitor/registry_watch.h"
#include "source/registry/registry_client.h"

namespace drydock {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void RegistryWatcher::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void RegistryWatcher::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void RegistryWatcher::Nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void RegistryWatcher::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (auto polled = PollDue(NowMs()); !polled && log_) log_(fmt::format("watches: {}", polled.error().message));
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, tick_, [this] { return nudged_; });
    nudged_ = false;
  }
}

Result<int> RegistryWatcher::PollDue(std::int64_t now_ms) {
  auto due = store_.ClaimDueWatches(now_ms);
  if (!due) return std::unexpected(due.error());
  for (const Watch& watch : *due) {
    std::string error = PollOne(watch, now_ms);
    if (!error.empty() && log_) log_(fmt::format("watch {} ({}): {}", watch.id, watch.repository, error));
    if (auto recorded = store_.RecordWatchPoll(watch.id, error, NowMs()); !recorded) {
      return std::unexpected(recorded.error());
    }
  }
  return static_cast<int>(due->size());
}

std::string RegistryWatcher::PollOne(const Watch& watch, std::int64_t now_ms) {
  auto ref = ParseReference(watch.repository);
  if (!ref) return ref.error().message;
  std::regex pattern;
  try {
    pattern = std::regex(watch.tag_pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return fmt::format("tag pattern: {}", e.what());
  }
  auto client = RegistryClient::Connect(*ref, registry_);
  if (!client) return client.error().message;
  auto tags = (*client)->ListTags();  // every page (Link rel="next")
  if (!tags) return tags.error().message;
  std::size_t headed = 0;
  for (const std::string& name : *tags) {
    if (!std::regex_match(name, pattern)) continue;
    if (++headed > kMaxTagsPerPoll) return fmt::format("more than {} tags match; the rest were not checked", kMaxTagsPerPoll);
    auto digest = (*client)->HeadManifestDigest(name);
    if (!digest) return fmt::format("{}: {}", name, digest.error().message);
    if (!*digest) continue;  // deleted between the listing and the HEAD
    auto tracked = TrackTag(store_, queue_, watch.repository, name, **digest, "watch", now_ms);
    if (!tracked) return tracked.error().message;
    if (tracked->mutated && log_) log_(fmt::format("tag {}:{} moved to {}", watch.repository, name, **digest));
  }
  return "";
}

}  // namespace drydock
