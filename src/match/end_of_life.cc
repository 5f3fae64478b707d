// The end-of-life table: named data, checked against endoflife.date and the vendors' lifecycle pages.
#include "match/end_of_life.h"

#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace drydock {
namespace {

struct ReleaseEnd {
  std::string_view family;   // os-release ID
  std::string_view release;  // leading VERSION_ID fields: "12", "22.04", "3.18"
  std::string_view end;      // last day of security support, YYYY-MM-DD
};

constexpr ReleaseEnd kEndOfLife[] = {
    // Debian: the end of LTS, when the security tracker stops listing fixes.
    {"debian", "7", "2018-05-31"}, {"debian", "8", "2020-06-30"}, {"debian", "9", "2022-06-30"},
    {"debian", "10", "2024-06-30"}, {"debian", "11", "2026-08-31"}, {"debian", "12", "2028-06-30"},
    // Ubuntu: end of standard support.
    {"ubuntu", "14.04", "2019-04-25"}, {"ubuntu", "16.04", "2021-04-30"}, {"ubuntu", "18.04", "2023-05-31"},
    {"ubuntu", "20.04", "2025-05-31"}, {"ubuntu", "22.04", "2027-06-01"}, {"ubuntu", "22.10", "2023-07-20"},
    {"ubuntu", "23.04", "2024-01-25"}, {"ubuntu", "23.10", "2024-07-11"}, {"ubuntu", "24.04", "2029-05-31"},
    {"ubuntu", "24.10", "2025-07-10"},
    // Alpine: end of the release branch.
    {"alpine", "3.3", "2017-11-01"}, {"alpine", "3.4", "2018-05-01"}, {"alpine", "3.5", "2018-11-01"},
    {"alpine", "3.6", "2019-05-01"}, {"alpine", "3.7", "2019-11-01"}, {"alpine", "3.8", "2020-05-01"},
    {"alpine", "3.9", "2021-01-01"}, {"alpine", "3.10", "2021-05-01"}, {"alpine", "3.11", "2021-11-01"},
    {"alpine", "3.12", "2022-05-01"}, {"alpine", "3.13", "2022-11-01"}, {"alpine", "3.14", "2023-05-01"},
    {"alpine", "3.15", "2023-11-01"}, {"alpine", "3.16", "2024-05-23"}, {"alpine", "3.17", "2024-11-22"},
    {"alpine", "3.18", "2025-05-09"}, {"alpine", "3.19", "2025-11-01"}, {"alpine", "3.20", "2026-04-01"},
    {"alpine", "3.21", "2026-11-01"},
    // RHEL family: end of maintenance support.
    {"rhel", "6", "2020-11-30"}, {"rhel", "7", "2024-06-30"}, {"rhel", "8", "2029-05-31"},
    {"rhel", "9", "2032-05-31"}, {"centos", "6", "2020-11-30"}, {"centos", "7", "2024-06-30"},
    {"centos", "8", "2021-12-31"}, {"almalinux", "8", "2029-03-01"}, {"almalinux", "9", "2032-05-31"},
    {"rocky", "8", "2029-05-31"}, {"rocky", "9", "2032-05-31"}, {"ol", "6", "2021-03-01"},
    {"ol", "7", "2024-12-31"}, {"ol", "8", "2029-07-31"}, {"ol", "9", "2032-06-30"},
    {"amzn", "2018.03", "2023-12-31"}, {"amzn", "2", "2026-06-30"}, {"amzn", "2023", "2029-06-30"},
};

// VERSION_ID cut to as many dot-separated fields as `release` has: ("3.18.4", "3.18") -> "3.18".
std::string_view Leading(std::string_view version, std::string_view release) {
  const auto fields = std::count(release.begin(), release.end(), '.') + 1;
  std::size_t end = 0;
  for (long i = 0; i < fields; ++i) {
    end = version.find('.', end == 0 ? 0 : end + 1);
    if (end == std::string_view::npos) return version;
  }
  return version.substr(0, end);
}

}  // namespace

std::string_view EndOfLifeDate(const Distro& distro) {
  for (const ReleaseEnd& entry : kEndOfLife) {
    if (entry.family == distro.family && Leading(distro.version, entry.release) == entry.release) return entry.end;
  }
  return {};
}

bool IsEndOfLife(const Distro& distro, std::string_view today) {
  const std::string_view end = EndOfLifeDate(distro);
  return !end.empty() && end <= today;
}

}  // namespace drydock
