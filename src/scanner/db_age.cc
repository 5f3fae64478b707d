#include "scanner/db_age.h"

#include <fmt/core.h>

#include <time.h>

namespace drydock {

std::optional<std::string> DbAgeWarning(const DbInfo& info, std::uint32_t max_age_hours, bool offline,
                                        std::time_t now) {
  if (max_age_hours == 0) return std::nullopt;
  std::tm tm{};
  const char* end = ::strptime(info.built_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return fmt::format("the DB's build time \"{}\" cannot be read: its age is unknown", info.built_at);
  std::time_t built = ::timegm(&tm);
  double hours = std::difftime(now, built) / 3600.0;
  if (hours <= max_age_hours) return std::nullopt;
  std::string age = hours >= 48 ? fmt::format("{:.0f} days", hours / 24) : fmt::format("{:.0f} hours", hours);
  return fmt::format("the DB was built {} ago ({}), more than --db-max-age {}h: {}", age, info.built_at,
                     max_age_hours, offline ? "--offline, so it is used as is" : "run `drydock db update`");
}

}  // namespace drydock
