// Re-judging stored images against a DB generation: each image's stored inventory (its report, read back) is
// matched again with MatchInventory (no layer is read), and the findings diff is written with its events in one
// store transaction (the outbox).
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/policy.h"
#include "store/store.h"
#include "vulndb/vulndb.h"

namespace drydock {

struct RematchSettings {
  const VulnDb* db = nullptr;  // the generation matched against
  std::string db_path;         // for the report's DB warnings
  std::string generation;      // its ContentDigest()
  std::string db_built_at;
  PolicyRules policy;          // the server's --policy; null = none (no policy.changed events)
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  bool emit_events = true;     // false: a silent re-match (the findings are updated, nothing is announced)
};

struct RematchStats {
  std::size_t images = 0;    // re-matched
  std::size_t changed = 0;   // whose stored report changed
  std::size_t events = 0;
  std::size_t failed = 0;    // could not be read or written (they keep their old findings)
  std::vector<std::string> errors;  // the first few failures, "digest: why"
};

// Re-matches one stored image. Returns the number of events written (0 also when the image is gone or nothing
// changed).
Result<std::size_t> RematchImage(Store& store, const std::string& digest, const RematchSettings& settings,
                                 bool* changed = nullptr);

// Re-matches `digests` on `threads` threads (the store serialises the writes). A failing image is counted and
// the rest go on; a stop request ends the run early (the generation stays unprocessed, so it is redone).
RematchStats RematchImages(Store& store, std::span<const std::string> digests, const RematchSettings& settings,
                           std::size_t threads, std::stop_token stop = {});

// Reads the images the re-match index lacks (new or re-scanned since) and records their match keys.
Result<std::size_t> IndexNewImages(Store& store, std::stop_token stop = {});

}  // namespace drydock
