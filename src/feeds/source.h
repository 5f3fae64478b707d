// The plug-in point for one published feed: its row in the source table and the fetcher that knows its
// layout. Fetchers share FetchPart() (download + state) and report parts they could not get as missing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/download.h"
#include "feeds/feed_state.h"
#include "feeds/fetch_feeds.h"

namespace drydock {

struct SourceContext {
  std::string name;          // "osv"
  std::string base_url;      // the table's, or --source-url's
  std::string dir;           // <cache>/<name>
  std::vector<std::string> selected;  // parts asked for ("PyPI" from "osv:PyPI"); empty = all
  DownloadPolicy policy;
  FeedState* state = nullptr;
  SourceReport* report = nullptr;
  std::vector<FeedData>* feeds = nullptr;
};

using SourceFetcher = void (*)(SourceContext& context);

struct SourceSpec {
  std::string_view name;
  std::string_view default_url;
  std::uint64_t max_bytes;       // per downloaded file
  SourceFetcher fetch;
  std::string_view what;         // for --help
};

// `base` + "/" + `relative`, percent-encoding what a URL path cannot hold ("Rocky Linux") for http(s).
std::string JoinLocation(const std::string& base, std::string_view relative);

// A downloaded part waiting to be read: commit it once its parser accepted it, else it is discarded.
struct FetchedPart {
  std::string id, url, file;
  Downloaded download;
};

// Downloads part `id` of the source from `url` into `<dir>/<file>` (conditional on the cached copy).
// An error is also recorded as missing (with `ecosystems`) in the report.
Result<FetchedPart> FetchPart(SourceContext& context, const std::string& id, const std::string& url,
                              const std::string& file, const std::vector<std::string>& ecosystems);
// The part's bytes were read: keep them as the cached copy and remember their validators.
void KeepPart(SourceContext& context, const FetchedPart& part, const std::string& stamp = "");
// The part's bytes did not parse: drop them (and a cached copy that no longer reads), record it missing.
void RejectPart(SourceContext& context, const FetchedPart& part, const std::vector<std::string>& ecosystems,
                const std::string& why);
// Adds a read feed to the source's totals and the result; `part` (when given) dates the data for the
// summary when the feed states no date of its own (its Last-Modified, else a local file's mtime).
void AddFeed(SourceContext& context, FeedData feed, const std::string& source, const FetchedPart* part = nullptr);
// A part that is an index, not data (a listing, a pointer file): not counted as a file of the source.
void UncountPart(SourceContext& context, const FetchedPart& part);
void AddMissing(SourceContext& context, std::string id, std::vector<std::string> ecosystems, std::string why);

// The fetchers (one file each).
void FetchOsv(SourceContext& context);
void FetchDebian(SourceContext& context);
void FetchAlpine(SourceContext& context);
void FetchRedHat(SourceContext& context);

// Links in an HTML directory listing (nginx/Apache autoindex): the href values, in order.
std::vector<std::string> ListingLinks(std::string_view html);

}  // namespace drydock
