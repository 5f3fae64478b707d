// DetectDistro: os-release first (the standard), then lsb-release (old Ubuntu), then the legacy one-line
// files.
#include <algorithm>
#include <array>

#include "catalog/catalog.h"
#include "catalog/os/os_release.h"

namespace drydock {
namespace {

// os-release(5): etc/os-release wins; usr/lib/os-release is the vendor's copy, read when etc has none.
constexpr std::array<std::string_view, 2> kOsReleasePaths = {"etc/os-release", "usr/lib/os-release"};
constexpr std::string_view kLsbReleasePath = "etc/lsb-release";
constexpr std::string_view kAlpineReleasePath = "etc/alpine-release";
constexpr std::string_view kDebianVersionPath = "etc/debian_version";
// oracle-release, centos-release and system-release are distribution-specific; redhat-release is kept by
// every RHEL derivative (Oracle Linux's even names Red Hat), so it is read last.
constexpr std::array<std::string_view, 4> kRedHatReleasePaths = {
    "etc/oracle-release", "etc/centos-release", "etc/system-release", "etc/redhat-release"};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return text;
}

std::string Get(const ReleaseFields& fields, std::string_view key) {
  auto found = fields.find(key);
  return found == fields.end() ? std::string() : found->second;
}

// The first of `paths` the image has, parsed with `parse`; an empty Distro when none is usable.
template <class Parse>
Distro ReadFirst(const FileReader& read, std::span<const std::string_view> paths, Parse parse) {
  for (std::string_view path : paths) {
    std::optional<std::string> bytes = read(path);
    if (!bytes) continue;
    auto distro = parse(*bytes);
    return distro ? *distro : Distro{};
  }
  return {};
}

// GCC 12's std::expected has no transform(), hence the explicit branches.
Result<Distro> OsRelease(std::string_view bytes) {
  auto fields = ParseReleaseFields(bytes);
  if (!fields) return std::unexpected(fields.error());
  return DistroFromOsRelease(*fields);
}

Result<Distro> LsbRelease(std::string_view bytes) {
  auto fields = ParseReleaseFields(bytes);
  if (!fields) return std::unexpected(fields.error());
  return DistroFromLsbRelease(*fields);
}

}  // namespace

Distro DistroFromOsRelease(const ReleaseFields& fields) {
  Distro distro{.family = Lower(Get(fields, "ID")),
                .version = Get(fields, "VERSION_ID"),
                .codename = Get(fields, "VERSION_CODENAME"),
                .pretty_name = Get(fields, "PRETTY_NAME")};
  if (distro.codename.empty()) distro.codename = Get(fields, "UBUNTU_CODENAME");
  return distro;
}

Distro DistroFromLsbRelease(const ReleaseFields& fields) {
  return Distro{.family = Lower(Get(fields, "DISTRIB_ID")),
                .version = Get(fields, "DISTRIB_RELEASE"),
                .codename = Get(fields, "DISTRIB_CODENAME"),
                .pretty_name = Get(fields, "DISTRIB_DESCRIPTION")};
}

bool IsDistroFile(std::string_view path) {
  return std::find(kOsReleasePaths.begin(), kOsReleasePaths.end(), path) != kOsReleasePaths.end() ||
         path == kLsbReleasePath || path == kAlpineReleasePath || path == kDebianVersionPath ||
         std::find(kRedHatReleasePaths.begin(), kRedHatReleasePaths.end(), path) != kRedHatReleasePaths.end();
}

Distro DetectDistro(const FileReader& read) {
  Distro distro = ReadFirst(read, kOsReleasePaths, OsRelease);
  if (distro.empty()) distro = ReadFirst(read, std::array{kLsbReleasePath}, LsbRelease);
  if (!distro.empty() && !distro.version.empty()) return distro;
  // Distroless images ship an os-release without VERSION_ID; the legacy file still has the release.
  const bool unknown = distro.empty();
  Distro legacy;
  if (unknown || distro.family == "alpine") {
    legacy = ReadFirst(read, std::array{kAlpineReleasePath}, ParseAlpineRelease);
  }
  if (legacy.empty() && (unknown || distro.family == "debian")) {
    legacy = ReadFirst(read, std::array{kDebianVersionPath}, ParseDebianVersion);
  }
  if (legacy.empty() && unknown) legacy = ReadFirst(read, kRedHatReleasePaths, ParseRedHatRelease);
  if (unknown) return legacy;
  if (!legacy.empty()) {
    distro.version = legacy.version;
    if (distro.codename.empty()) distro.codename = legacy.codename;
  }
  return distro;
}

}  // namespace drydock
