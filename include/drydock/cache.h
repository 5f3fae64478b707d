// The layer cache a scan keeps in ScanOptions::cache_dir.
#pragma once

#include <string>

#include "drydock/error.h"

namespace drydock {

// Removes DIR/layers.sqlite (and its -wal/-shm files) and the compiled secret rules kept in DIR.
Status CleanLayerCache(const std::string& dir);

}  // namespace drydock
