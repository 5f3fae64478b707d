#include "cache/scan_cache.h"

namespace drydock {

std::unique_ptr<LayerCache> OpenScanCache(const ScanOptions& options, std::string& warning) {
  if (options.no_cache || options.cache_dir.empty()) return nullptr;
  auto cache = LayerCache::Open(options.cache_dir, options.cache_max_bytes != 0 ? options.cache_max_bytes : kDefaultCacheMaxBytes);
  if (!cache) {
    warning = cache.error().message + " (layer cache not used)";
    return nullptr;
  }
  return std::move(*cache);
}

}  // namespace drydock
