// OSV: one all.zip per ecosystem at <URL>/<Ecosystem>/all.zip (the osv-vulnerabilities bucket's layout).
// The zip holds every release's records ("Debian:12", "Alpine:v3.19"), so a missing export leaves every
// "<Ecosystem>:..." key unjudged.
#include "feeds/source.h"

#include <algorithm>

namespace drydock {
namespace {

// Ecosystems drydock matches or is about to (ossf/osv-schema ecosystems.json spelling). Alpine is left to
// the secdb source and Red Hat to CSAF VEX: their vendors publish those, and OSV's copies are conversions of
// them that would report each finding twice.
constexpr std::string_view kOsvEcosystems[] = {
    "Debian",  "Ubuntu",   "AlmaLinux", "Rocky Linux", "Chainguard", "Wolfi",     "SUSE",  "openSUSE",
    "Photon OS", "Go",     "PyPI",      "npm",         "Maven",      "crates.io", "RubyGems", "Packagist",
    "NuGet",   "Pub",      "Hex",       "SwiftURL",    "ConanCenter",
};

// The DB keys one export fills: the bare name (language ecosystems, Wolfi) and every "Name:release".
std::vector<std::string> Covers(std::string_view ecosystem) {
  return {std::string(ecosystem), std::string(ecosystem) + ":*"};
}

}  // namespace

void FetchOsv(SourceContext& context) {
  std::vector<std::string> ecosystems;
  for (std::string_view e : kOsvEcosystems) {
    if (context.selected.empty() || std::find(context.selected.begin(), context.selected.end(), e) != context.selected.end()) {
      ecosystems.emplace_back(e);
    }
  }
  // An ecosystem named with osv:NAME that the list lacks is fetched too: OSV adds ecosystems faster than
  // drydock's list.
  for (const std::string& wanted : context.selected) {
    if (std::find(ecosystems.begin(), ecosystems.end(), wanted) == ecosystems.end()) ecosystems.push_back(wanted);
  }
  for (const std::string& ecosystem : ecosystems) {
    const std::string id = "osv/" + ecosystem;
    auto part = FetchPart(context, id, JoinLocation(context.base_url, ecosystem + "/all.zip"), ecosystem + "/all.zip",
                          Covers(ecosystem));
    if (!part) continue;
    auto feed = ReadOsvFeed(part->download.path);
    if (!feed) {
      RejectPart(context, *part, Covers(ecosystem), feed.error().message);
      continue;
    }
    KeepPart(context, *part);
    AddFeed(context, std::move(*feed), part->url, &*part);
  }
}

}  // namespace drydock
