// Parsers for the files that name an image's OS: os-release(5) and lsb-release (KEY=value in shell quoting),
// and the one-line legacy files etc/alpine-release and etc/debian_version.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "drydock/package.h"

namespace drydock {

// Real release files are under 1 KiB; anything near the cap is not one.
inline constexpr std::size_t kMaxReleaseFileBytes = 64 << 10;

using ReleaseFields = std::map<std::string, std::string, std::less<>>;

// KEY=value lines. Values follow os-release(5): double quotes (where \ escapes $ " ` \), single quotes
// (literal), backslash escapes outside quotes; '#' lines are comments; CRLF is accepted. A line that is not a
// valid assignment (no '=', bad key, unterminated quote) is skipped, as systemd does, so one bad line cannot
// hide the distro. Error only for NUL bytes or a file over kMaxReleaseFileBytes.
Result<ReleaseFields> ParseReleaseFields(std::string_view bytes);

// os-release fields -> Distro: ID (lowercased), VERSION_ID, VERSION_CODENAME (else UBUNTU_CODENAME),
// PRETTY_NAME.
Distro DistroFromOsRelease(const ReleaseFields& fields);

// lsb-release fields (DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION) -> Distro.
Distro DistroFromLsbRelease(const ReleaseFields& fields);

// etc/alpine-release: "3.10.3\n" -> {alpine, 3.10.3}. Error when the first line is not a version.
Result<Distro> ParseAlpineRelease(std::string_view bytes);

// etc/debian_version: "12.4" -> {debian, 12.4}; "bookworm/sid" (testing) -> {debian, codename bookworm};
// "sid" -> {debian, codename sid}. Error when the first line is not one of those.
Result<Distro> ParseDebianVersion(std::string_view bytes);

// etc/redhat-release, etc/centos-release, etc/system-release (RHEL-family images older than os-release, e.g.
// CentOS 6): "CentOS release 6.10 (Final)" -> {centos, 6.10}; "Red Hat Enterprise Linux Server release 7.9
// (Maipo)" -> {rhel, 7.9}. The family is the os-release ID the same distribution uses later. Error when the
// line names no known distribution or has no "release <version>".
Result<Distro> ParseRedHatRelease(std::string_view bytes);

}  // namespace drydock
