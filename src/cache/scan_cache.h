// The layer cache as a scan uses it: opened from the scan's options, and never a reason for a scan to fail.
#pragma once

#include <memory>
#include <string>

#include "cache/layer_cache.h"
#include "drydock/options.h"

namespace drydock {

// Null when options.no_cache or no options.cache_dir, or when the cache cannot be opened (then `warning` says why, and the scan reads
// every layer as if there were no cache).
std::unique_ptr<LayerCache> OpenScanCache(const ScanOptions& options, std::string& warning);

}  // namespace drydock
