// The calendar date, for checks that expire (ignore entries, end-of-life dates).
#pragma once

#include <chrono>
#include <string>

namespace drydock {

// Today's UTC date as "YYYY-MM-DD".
std::string TodayUtc();

// The UTC date of `when` as "YYYY-MM-DD": what a scan with its own clock calls today.
std::string DateUtc(std::chrono::system_clock::time_point when);

}  // namespace drydock
