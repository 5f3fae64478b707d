// The layer cache: what the layer walk captured from one layer, stored in SQLite under a key made of the
// layer's diff_id and every cataloger's Name()/Version(), so a second scan of the same image reads no layer.
// Several drydock processes may share one cache: WAL mode, a busy timeout, and every read or write is its own
// short statement; no lock is held while a scan runs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "drydock/error.h"
#include "layers/layer_walk.h"

struct sqlite3;

namespace drydock {

inline constexpr std::uint64_t kDefaultCacheMaxBytes = 2ULL << 30;
inline constexpr int kCacheBusyTimeoutMilliseconds = 10'000;
inline constexpr std::size_t kMaxCachedLayerBytes = 256 << 20;  // larger results are simply not cached

class LayerCache {
 public:
  // Opens (creating) DIR/layers.sqlite. Errors: the directory cannot be made, the file is not a cache.
  static Result<std::unique_ptr<LayerCache>> Open(const std::string& dir, std::uint64_t max_bytes);
  ~LayerCache();
  LayerCache(const LayerCache&) = delete;
  LayerCache& operator=(const LayerCache&) = delete;

  // The entry for `key`, marked as just used; nullopt when absent or unreadable (a damaged entry is dropped).
  std::optional<LayerFiles> Get(const std::string& key);
  // Stores `files` under `key`, then evicts least recently used entries until the cache fits max_bytes.
  Status Put(const std::string& key, const LayerFiles& files);
  std::uint64_t TotalBytes();

 private:
  LayerCache(sqlite3* db, std::uint64_t max_bytes) : db_(db), max_bytes_(max_bytes) {}
  Status Evict();

  sqlite3* db_;
  std::uint64_t max_bytes_;
};

// "sha256:<diff_id hex>|distro@1|apk@1|dpkg@2|..." from the cataloger table.
std::string LayerCacheKey(const std::string& diff_id);

// Removes DIR/layers.sqlite (and its -wal/-shm files).
Status CleanLayerCache(const std::string& dir);

// $XDG_CACHE_HOME/drydock, else ~/.cache/drydock.
std::string DefaultCacheDir();

}  // namespace drydock
