// OsvRpmModule: which module stream an OSV record's rpm entry belongs to (see feeds.h).
//
// AlmaLinux's and Rocky Linux's records file a module stream's update as plain rpm names: a few older ones
// say the stream in affected[].ecosystem_specific.rpm_modularity ("go-toolset:rhel8", grype's ALSA-2021:4156),
// but today's AlmaLinux 9 database never does (1,668 entries with a module build as their fix, in 100 records,
// none with the field). Their summaries carry the errata title Red Hat gives a module update, "Moderate:
// php:8.1 security update", and each of those 100 names exactly one "name:stream", so for an entry fixed by a
// module build (release ".module+el..." or ".module_el...") that word names the stream.
#include <algorithm>

#include "common/package_name.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

// RHEL and Rocky write "1.6.0-1.module+el8.5.0+...", AlmaLinux "1.6.0-1.module_el8.5.0+...".
bool IsModuleBuild(std::string_view version) {
  return version.find(".module+") != std::string_view::npos || version.find(".module_") != std::string_view::npos;
}

// The one "name:stream" word of an errata title, or "" when it has none or several.
std::string StreamInTitle(std::string_view title) {
  std::string found;
  while (!title.empty()) {
    const std::size_t space = title.find(' ');
    std::string_view word = title.substr(0, space);
    title.remove_prefix(space == std::string_view::npos ? title.size() : space + 1);
    while (!word.empty() && (word.back() == ',' || word.back() == ';')) word.remove_suffix(1);
    if (std::count(word.begin(), word.end(), ':') != 1) continue;
    std::string stream = RpmModuleStream(word);
    if (stream.empty()) continue;  // "Moderate:", a severity word
    if (!found.empty() && found != stream) return "";
    found = std::move(stream);
  }
  return found;
}

}  // namespace

std::string OsvRpmModule(std::string_view ecosystem, std::string_view rpm_modularity, std::string_view summary,
                         const std::vector<AffectedRange>& ranges) {
  const bool rebuild = ecosystem.starts_with("AlmaLinux:") || ecosystem.starts_with("Rocky Linux:");
  if (!rebuild) return "";
  if (!rpm_modularity.empty()) return RpmModuleStream(rpm_modularity);
  const bool module_fix = std::any_of(ranges.begin(), ranges.end(), [](const AffectedRange& r) {
    return IsModuleBuild(r.fixed) || IsModuleBuild(r.last_affected);
  });
  return module_fix ? StreamInTitle(summary) : "";
}

}  // namespace drydock
