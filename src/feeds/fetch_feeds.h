// db build --fetch: every feed downloaded from where it is published (or a mirror of the same layout), kept
// in a cache directory between runs, and read with the vulndb feed parsers. Sources and their URLs are one
// table (source_table.cc); nothing here prints: the caller reports what SourceReport says.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "vulndb/vulndb.h"

namespace drydock {

struct FetchOptions {
  std::string cache_dir;  // downloaded feeds and state.json; created when missing
  // Source selectors: "all" (or none) = every source; "osv" = every OSV ecosystem; "osv:PyPI", "alpine:v3.19"
  // pick one part of a source.
  std::vector<std::string> sources;
  std::map<std::string, std::string> urls;         // --source-url NAME=URL (same layout as the table's URL)
  std::map<std::string, std::uint64_t> max_bytes;  // --source-max-bytes NAME=BYTES, per downloaded file
  int max_attempts = 4;
  std::chrono::milliseconds first_backoff{500};
};

// One source's line in the summary.
struct SourceReport {
  std::string name;         // "osv"
  std::string url;          // the base URL used
  std::size_t parts = 0;    // files read (OSV ecosystems, Alpine repos, ...)
  std::size_t downloaded = 0, unchanged = 0;  // of the parts: fetched anew / answered 304 (or local)
  std::uint64_t bytes = 0;  // transferred
  std::size_t advisories = 0, skipped = 0;
  std::string updated;      // newest date the data states (RFC 3339), else the newest Last-Modified
  std::vector<MissingSource> missing;
};

struct FetchResult {
  std::vector<FeedData> feeds;
  std::vector<SourceReport> sources;
  std::vector<MissingSource> missing;  // every source's, in table order
};

// Fetches and reads the selected sources. A part that cannot be fetched or read is listed in `missing` (the
// caller decides whether that fails the build); an error is for options that make no sense (unknown source
// or URL name) and a cache directory that cannot be used or is locked by another fetch.
Result<FetchResult> FetchFeeds(const FetchOptions& options);

// The table's source names and default URLs, for --help and the README.
struct SourceDescription {
  std::string_view name, default_url, what;
};
std::vector<SourceDescription> FeedSources();

}  // namespace drydock
