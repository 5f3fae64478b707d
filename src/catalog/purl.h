// Package URLs (github.com/package-url/purl-spec) in one place: parsing, the canonical spelling drydock writes,
// and the key two purls are compared by. The SBOM reader, FinishPackage, VEX and ignore files all use these, so
// "pkg:golang/github.com/x/y" and drydock's older "pkg:golang/github.com%2Fx%2Fy" name the same package
// everywhere.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxPurlBytes = 4096;

// pkg:type/namespace/name@version?qualifiers#subpath, each part percent-decoded.
struct Purl {
  std::string type;  // lower-cased
  std::string name_space;  // segments joined by '/'
  std::string name;
  std::string version;
  std::map<std::string, std::string> qualifiers;  // keys lower-cased
  std::string subpath;
};

// Parses per the spec's "how to parse" section. Error for a missing scheme, type or name, a qualifier without
// key=value, bad percent-encoding, or text over kMaxPurlBytes.
Result<Purl> ParsePurl(std::string_view text);

// Percent-encodes every byte but the spec's unencoded set: ASCII letters and digits, "-._~", and ':' (which the
// spec says is never encoded). "5.2.15-2+b2" -> "5.2.15-2%2Bb2".
std::string PurlEncode(std::string_view text);

// The purl's structure made canonical, without changing any spelling: a '/' inside the name moves into the
// namespace (drydock once wrote Go modules as one %2F-encoded name), a Maven "group:artifact" name is split into
// namespace and name, and an rpm or deb version "E:V-R" becomes "V-R" with an `epoch=E` qualifier.
Purl CanonicalPurl(Purl purl);

// The canonical text: type, each namespace segment and the name encoded, qualifiers sorted by key with empty
// values dropped.
std::string FormatPurl(const Purl& purl);

// What names a package, for comparing a purl in a VEX document or an ignore file with a scanned package:
// type/namespace/name folded the way the ecosystem treats names as one (PyPI PEP 503, Composer, NuGet, npm and
// OS namespaces case-insensitive), and the version with any epoch qualifier folded in ("1:1.0-1").
// Qualifiers other than epoch are not part of it: VEX authors rarely know the arch or distro a scanner writes.
struct PurlKey {
  std::string base;     // "pkg:golang/github.com/x/y"
  std::string version;  // empty when the purl gives none
  bool operator==(const PurlKey&) const = default;
};
Result<PurlKey> PurlKeyOf(std::string_view text);

}  // namespace drydock
