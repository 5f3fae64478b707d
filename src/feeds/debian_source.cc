// Debian: the security tracker's one JSON document (every source package, every CVE, every release).
#include "feeds/source.h"

namespace drydock {

void FetchDebian(SourceContext& context) {
  const std::vector<std::string> covers = {"Debian:*"};
  auto part = FetchPart(context, "debian", context.base_url, "tracker.json", covers);
  if (!part) return;
  auto feed = ReadDebianTrackerFeed(part->download.path);
  if (!feed) return RejectPart(context, *part, covers, feed.error().message);
  KeepPart(context, *part);
  AddFeed(context, std::move(*feed), part->url, &*part);
}

}  // namespace drydock
