// Ecosystem facts more than one stage needs.
#pragma once

#include <string_view>

namespace drydock {

// The package managers of an operating system ("deb", "apk", "rpm"): their packages are matched against the
// distro's own feed, by source package, and need the distro to be known at all.
constexpr bool IsOsEcosystem(std::string_view ecosystem) {
  return ecosystem == "deb" || ecosystem == "apk" || ecosystem == "rpm";
}

}  // namespace drydock
