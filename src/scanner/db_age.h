// A scan says when its DB is older than the user allows (--db-max-age); it never downloads one itself.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "vulndb/vulndb.h"

namespace drydock {

// The warning for a DB built more than `max_age_hours` before `now` (0 = never warn), or nullopt.
// An unreadable built_at is reported too: a DB of unknown age is as suspect as an old one.
std::optional<std::string> DbAgeWarning(const DbInfo& info, std::uint32_t max_age_hours, bool offline,
                                        std::time_t now);

}  // namespace drydock
