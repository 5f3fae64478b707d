// One file of a feed from where it is published: conditional GET against the cached copy, retries with
// backoff, Range resume after a dropped connection, and a size bound. New bytes land in "<file>.part"; the
// caller reads (validates) them and then commits, so a cached feed file is never replaced by a bad one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "drydock/error.h"

namespace drydock {

struct Validators {
  std::string etag, last_modified;
};

struct DownloadPolicy {
  std::uint64_t max_bytes = 0;
  int max_attempts = 4;                            // per file: dropped connections, 429 and 5xx
  std::chrono::milliseconds first_backoff{500};    // doubled after each failed attempt
  std::chrono::milliseconds max_backoff{30'000};
};

struct Downloaded {
  std::string path;            // what to read: the ".part" (fresh), the cached file (304) or a local source
  bool fresh = false;          // new bytes in "<file>.part": Commit() or Discard() them
  bool not_modified = false;   // the server said 304: nothing was transferred
  Validators validators;       // of the response, for the next conditional GET
  std::uint64_t bytes = 0;     // transferred in this run
  int attempts = 0;
};

// `location` is http(s)://, file:// or a local path (an air-gapped copy: read in place, never copied).
// `cached` validators are sent only when `file` exists. Errors name the URL and say why: HTTP status,
// transport failure after the last attempt, or the size bound; no ".part" is left behind by an error.
Result<Downloaded> Download(const std::string& location, const std::string& file, const Validators& cached,
                            const DownloadPolicy& policy);

// Renames the fresh ".part" over `file` (no-op otherwise).
Status Commit(const Downloaded& downloaded, const std::string& file);
// Removes the fresh ".part" (no-op otherwise).
void Discard(const Downloaded& downloaded);

}  // namespace drydock
