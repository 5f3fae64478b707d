// A small map whose entries expire: the admission webhook's caches of verdicts, tag -> digest resolutions and
// signature checks. Each entry carries its own time to live (denials are kept briefly, so a scan that finished
// or a signature that was pushed counts soon). Thread-safe; bounded: at capacity, expired entries go first,
// then the whole map (a burst of distinct images must not grow memory without end).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace drydock {

template <class Value>
class TtlCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TtlCache(std::size_t capacity = 10000) : capacity_(capacity) {}

  std::optional<Value> Get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (Clock::now() >= it->second.expires) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }

  // A ttl of zero stores nothing: caching is off for that kind of answer.
  void Put(const std::string& key, Value value, std::chrono::milliseconds ttl) {
    if (ttl.count() <= 0) return;
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    if (entries_.size() >= capacity_ && !entries_.contains(key)) {
      std::erase_if(entries_, [&](const auto& entry) { return now >= entry.second.expires; });
      if (entries_.size() >= capacity_) entries_.clear();
    }
    entries_.insert_or_assign(key, Entry{std::move(value), now + ttl});
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Value value;
    Clock::time_point expires;
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace drydock
