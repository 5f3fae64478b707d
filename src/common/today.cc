#include "common/today.h"

#include <fmt/format.h>

#include <ctime>

namespace drydock {

std::string TodayUtc() { return DateUtc(std::chrono::system_clock::now()); }

std::string DateUtc(std::chrono::system_clock::time_point when) {
  std::time_t now = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
}

}  // namespace drydock
