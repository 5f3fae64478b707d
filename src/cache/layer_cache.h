// The layer cache: what the layer walk captured from one layer, stored in SQLite in parts (see
// LayerCacheParts), so a second scan of the same image reads no layer.
// Several drydock processes may share one cache: WAL mode, a busy timeout, and every read or write is its own
// short statement; no lock is held while a scan runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drydock/cache.h"
#include "drydock/error.h"
#include "layers/layer_walk.h"

struct sqlite3;

namespace drydock {

class Cataloger;

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

  // The entry for `key`, marked as just used; nullopt when absent or unreadable. Each value is stored sealed to
  // its key (a checksum over both); a damaged entry, or one stored under another key, is dropped: a miss.
  std::optional<LayerFiles> Get(const std::string& key);
  // Stores `files` under `key`, then evicts least recently used entries until the cache fits max_bytes.
  Status Put(const std::string& key, const LayerFiles& files);
  std::uint64_t TotalBytes();
  // Get/Put of several keys, each batch in one transaction: a warm scan asks for a dozen parts per layer.
  std::vector<std::optional<LayerFiles>> GetMany(const std::vector<std::string>& keys);
  std::vector<bool> ContainsMany(const std::vector<std::string>& keys);
  Status PutMany(const std::vector<std::pair<std::string, LayerFiles>>& entries);
  // Other small values kept beside the layers (archive indexes), under the same LRU bound.
  std::optional<std::string> GetBytes(const std::string& key);
  Status PutBytes(const std::string& key, std::string_view value);

 private:
  enum class Found { kMissing, kAccepted, kDamaged };
  LayerCache(sqlite3* db, std::uint64_t max_bytes) : db_(db), max_bytes_(max_bytes) {}
  Found ReadSealed(const std::string& key, const std::function<bool(std::string_view value)>& accept);
  // Hands each key's value to accept(index, value); see layer_cache.cc for the locking.
  void ReadMany(const std::vector<std::string>& keys,
                const std::function<bool(std::size_t index, std::string_view value)>& accept);
  Status Store(std::vector<std::pair<std::string, std::string>> entries);  // seals, inserts, evicts
  void ForEachKey(const char* sql, const std::vector<std::string>& keys);
  Status Evict();
  bool Exec(const char* sql);
  bool EndTransaction();

  sqlite3* db_;
  std::uint64_t max_bytes_;
};

// One layer's entry is split by who needs its files: a part for what the walk saw of the layer itself
// (whiteouts, opaque dirs, issues, counts; no files), one for distro files, and one per cataloger, each keyed
// "sha256:<diff_id hex>|<name>@<version>". Bumping one cataloger's Version() so misses only its own part.
// A cataloger's part keeps each large file it parses on its own as its parse result, not its bytes (see
// CapturedFile::parsed): a warm scan then neither copies the megabytes of a Go binary or a JAR nor parses them.
struct LayerCachePart {
  std::string key;
  PathFilter holds;                     // which captured files the part keeps; null for the layer part
  const Cataloger* cataloger = nullptr;  // whose part it is; null for the layer and distro parts
};
inline constexpr std::size_t kCacheParsedAboveBytes = 64 << 10;
std::vector<LayerCachePart> LayerCacheParts(const std::string& diff_id);

// Parses, once, each large file that a cataloger parses on its own, and keeps the result on the file
// (CapturedFile::parsed; the bytes stay): StoreCachedLayer then stores it in place of the bytes, and the
// inventory uses it instead of parsing the file again.
void AttachParseResults(LayerFiles& files);
// True when every part of every one of these layers is cached (nothing is read or marked used).
bool AllLayersCached(LayerCache& cache, const std::vector<std::string>& diff_ids);
// The whole layer when every part is cached (hits are marked used), else nullopt.
std::optional<LayerFiles> LoadCachedLayer(LayerCache& cache, const std::string& diff_id);
// Stores each part the cache lacks, cut from `files` (a full walk's capture); returns how many were written.
Result<std::size_t> StoreCachedLayer(LayerCache& cache, const std::string& diff_id, const LayerFiles& files);

// CleanLayerCache is declared in drydock/cache.h.

}  // namespace drydock
