// Version schemes: each orders versions exactly as its package manager does.
#pragma once

#include <string_view>

namespace drydock {

// dpkg's order (deb-version(7)): epoch, upstream, revision; '~' sorts before everything, even the empty string.
int CompareDpkgVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// apk-tools' order: digits.letter, _alpha/_beta/_pre/_rc < (none) < _cvs/_svn/_git/_hg/_p suffixes, -rN release.
int CompareApkVersions(std::string_view a, std::string_view b);   // <0, 0, >0

// rpmvercmp (rpm's lib/rpmvercmp.c) on one version or release string: alphanumeric segments, digits as
// integers, '~' before everything, '^' after the end but before any other segment. Never fails.
int RpmVerCmp(std::string_view a, std::string_view b);  // <0, 0, >0

// rpm's order on "[epoch:]version[-release]": epoch (missing = 0), version, release, each by RpmVerCmp. A
// missing release sorts before any release, so the order is total (rpm itself ignores a missing release).
int CompareRpmVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// Semantic Versioning 2.0.0 (npm, Cargo crates, every OSV "SEMVER" range); a leading 'v' or '=' is ignored, missing minor/patch are 0, build
// metadata after '+' is ignored, and parts beyond major.minor.patch count as build metadata.
int CompareSemverVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// Semantic Versioning with build metadata ordered instead of ignored: after the release, "1.2.3" <
// "1.2.3+1" < "1.2.3+a", build identifiers compared as pre-release ones are. Dart's pub_semver and Julia's
// VersionNumber both order so (Pub, Julia).
int CompareBuildOrderedSemver(std::string_view a, std::string_view b);  // <0, 0, >0

// Go module versions: semver with or without the leading 'v' (Go writes "v1.2.3", OSV's SEMVER ranges
// "1.2.3"); pseudo-versions order by their timestamp and "+incompatible" is ignored, as in `go`.
int CompareGoVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// Maven's ComparableVersion order ("1.0-alpha-1" < "1.0-SNAPSHOT" < "1.0" = "1.0.0.ga" < "1.0-sp1").
int CompareMavenVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// NuGet's order: up to four numeric parts, case-insensitive SemVer 2 release labels, metadata ignored.
int CompareNugetVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// PEP 440 (packaging's order; legacy non-PEP 440 versions sort first). PyPI.
int ComparePep440Versions(std::string_view a, std::string_view b);  // <0, 0, >0

// Gem::Version's order (canonical segments; letters mark pre-releases). RubyGems.
int CompareRubyGemsVersions(std::string_view a, std::string_view b);  // <0, 0, >0

// PHP version_compare() as Composer uses it (dev < alpha < beta < RC < release < pl). Packagist.
int CompareComposerVersions(std::string_view a, std::string_view b);  // <0, 0, >0

class VersionScheme {
 public:
  virtual ~VersionScheme() = default;
  virtual std::string_view Name() const = 0;  // "dpkg", "apk", "rpm", "semver", "pep440", ...
  virtual int Compare(std::string_view a, std::string_view b) const = 0;
};

// The scheme for a DB ecosystem key ("Alpine:v3.10", "Debian:12", "Wolfi"); nullptr when none is known.
const VersionScheme* SchemeForEcosystem(std::string_view db_ecosystem);

// The scheme OSV "SEMVER" ranges are judged by, whatever their ecosystem.
const VersionScheme& SemverScheme();

}  // namespace drydock
