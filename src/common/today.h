// The calendar date, for checks that expire (ignore entries, end-of-life dates).
#pragma once

#include <string>

namespace drydock {

// Today's UTC date as "YYYY-MM-DD".
std::string TodayUtc();

}  // namespace drydock
