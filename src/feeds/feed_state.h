// What `db build --fetch` remembers between runs (<cache>/state.json): for each part it downloaded, the URL
// and the validators of the copy it keeps, so the next run asks with If-None-Match / If-Modified-Since.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "drydock/error.h"
#include "feeds/download.h"

namespace drydock {

struct PartState {
  std::string url;         // the validators hold only for this URL (a --source-url change means refetch)
  Validators validators;
  std::string stamp;       // a source's own version of the part (Red Hat: the changes.csv time it was fetched for)
  std::uint64_t bytes = 0;
};

struct FeedState {
  std::map<std::string, PartState> parts;  // by part id: "osv/PyPI", "redhat/archive"
};

// A missing or unreadable file is an empty state: the worst case is one full download of everything.
FeedState LoadFeedState(const std::string& path);
Status SaveFeedState(const std::string& path, const FeedState& state);

}  // namespace drydock
