// The one table of published feeds. Each URL can be replaced (--source-url NAME=URL) by a mirror or an
// air-gapped copy that serves the same layout below it.
#include "feeds/source.h"

namespace drydock {

extern const SourceSpec kSourceTable[];
extern const std::size_t kSourceCount;

constexpr std::uint64_t kMiB = 1 << 20;

// Sizes seen in 2025, with room: OSV's largest export (npm) is about 250 MiB, the Debian tracker JSON about
// 80 MiB, one Alpine repo's secdb under 1 MiB, Red Hat's VEX archive about 500 MiB.
const SourceSpec kSourceTable[] = {
    {"osv", "https://osv-vulnerabilities.storage.googleapis.com", 2048 * kMiB, FetchOsv,
     "OSV exports, <URL>/<Ecosystem>/all.zip for each ecosystem drydock matches"},
    {"debian", "https://security-tracker.debian.org/tracker/data/json", 1024 * kMiB, FetchDebian,
     "Debian security tracker JSON"},
    {"alpine", "https://secdb.alpinelinux.org", 64 * kMiB, FetchAlpine,
     "Alpine secdb, <URL>/<release>/{main,community}.json for each release its index lists"},
    {"redhat", "https://security.access.redhat.com/data/csaf/v2/vex", 4096 * kMiB, FetchRedHat,
     "Red Hat CSAF VEX: archive_latest.txt's archive, then changes.csv/deletions.csv"},
};
const std::size_t kSourceCount = std::size(kSourceTable);

std::vector<SourceDescription> FeedSources() {
  std::vector<SourceDescription> out;
  for (const SourceSpec& spec : kSourceTable) out.push_back({spec.name, spec.default_url, spec.what});
  return out;
}

}  // namespace drydock
