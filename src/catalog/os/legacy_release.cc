// The one-line release files older or minimal images carry instead of (or beside) os-release.
#include <utility>

#include "catalog/os/os_release.h"
#include "catalog/records.h"

namespace drydock {
namespace {

// The first line, trimmed, after the checks every release file gets.
Result<std::string_view> FirstLine(std::string_view bytes) {
  if (bytes.size() > kMaxReleaseFileBytes) {
    return Fail("{} bytes is over the {} byte limit", bytes.size(), kMaxReleaseFileBytes);
  }
  std::string_view line = bytes.substr(0, bytes.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = TrimBlanks(line);
  if (auto ok = CheckIdentifier("release", line); !ok) return std::unexpected(ok.error());
  return line;
}

bool StartsWithDigit(std::string_view text) {
  return !text.empty() && text.front() >= '0' && text.front() <= '9';
}

// Line prefixes of the RHEL-family release files, longest first where one prefixes another, with the
// os-release ID each distribution uses.
constexpr std::pair<std::string_view, std::string_view> kRedHatFamilies[] = {
    {"Red Hat Enterprise Linux", "rhel"}, {"CentOS Stream", "centos"}, {"CentOS", "centos"},
    {"AlmaLinux", "almalinux"},           {"Rocky Linux", "rocky"},    {"Oracle Linux", "ol"},
    {"Amazon Linux", "amzn"},             {"Fedora", "fedora"},        {"Scientific Linux", "scientific"},
};

}  // namespace

Result<Distro> ParseRedHatRelease(std::string_view bytes) {
  if (bytes.size() > kMaxReleaseFileBytes) {
    return Fail("{} bytes is over the {} byte limit", bytes.size(), kMaxReleaseFileBytes);
  }
  std::string_view line = bytes.substr(0, bytes.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = TrimBlanks(line);
  std::string_view family;
  for (const auto& [prefix, id] : kRedHatFamilies) {
    if (line.starts_with(prefix)) {
      family = id;
      break;
    }
  }
  if (family.empty()) return Fail("redhat-release: {:?} names no known distribution", line.substr(0, 80));
  const std::size_t release = line.find(" release ");
  if (release == std::string_view::npos) return Fail("redhat-release: {:?} has no release", line.substr(0, 80));
  std::string_view version = line.substr(release + 9);
  version = version.substr(0, version.find(' '));
  if (!StartsWithDigit(version)) return Fail("redhat-release: {:?} is not a version", version.substr(0, 80));
  if (auto ok = CheckIdentifier("release", version); !ok) return Rewrap(ok.error(), "redhat-release");
  return Distro{.family = std::string(family), .version = std::string(version), .pretty_name = std::string(line)};
}

Result<Distro> ParseAlpineRelease(std::string_view bytes) {
  auto line = FirstLine(bytes);
  if (!line) return Rewrap(line.error(), "alpine-release");
  // Edge snapshots read "3.21.0_alpha20240807"; both start with the release number.
  if (!StartsWithDigit(*line)) return Fail("alpine-release: {:?} is not a version", *line);
  return Distro{
      .family = "alpine", .version = std::string(*line), .pretty_name = "Alpine Linux " + std::string(*line)};
}

Result<Distro> ParseDebianVersion(std::string_view bytes) {
  auto line = FirstLine(bytes);
  if (!line) return Rewrap(line.error(), "debian_version");
  Distro distro{.family = "debian", .pretty_name = "Debian GNU/Linux " + std::string(*line)};
  if (StartsWithDigit(*line)) {
    distro.version = std::string(*line);
    return distro;
  }
  // Testing and unstable write "<next codename>/sid", or just "sid".
  const std::string_view codename = line->substr(0, line->find('/'));
  const bool letters =
      !codename.empty() && codename.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
  if (!letters) return Fail("debian_version: {:?} is neither a version nor a codename", *line);
  distro.codename = std::string(codename);
  return distro;
}

}  // namespace drydock
