// Images the end-to-end tests make from real third-party package databases in ../shared/testdata.
#pragma once

#include <string>

namespace drydock::e2e {

// A one-layer docker archive (uncompressed tar) holding trivy's apk fixture, a real Alpine 3.4-era
// installed database (15 packages), and etc/alpine-release 3.4.6. Made once per test binary.
std::string MakeAlpine34Image();

}  // namespace drydock::e2e
