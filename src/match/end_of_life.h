// When a distribution release stops getting security fixes: images on such a release are flagged in the report.
#pragma once

#include "common/today.h"

#include <string>
#include <string_view>

#include "drydock/package.h"

namespace drydock {

// The date (YYYY-MM-DD) `distro`'s release stops getting security updates from its vendor (Debian's LTS end,
// Ubuntu's standard support end, Alpine's branch end, RHEL's maintenance end), or "" when the table does not
// know the release.
std::string_view EndOfLifeDate(const Distro& distro);

// True when EndOfLifeDate(distro) is known and on or before `today` (YYYY-MM-DD).
bool IsEndOfLife(const Distro& distro, std::string_view today);


}  // namespace drydock
