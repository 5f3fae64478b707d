// Semantic Versioning 2.0.0 order (semver.org section 11), shared by Go modules and Cargo:
//  * major.minor.patch compare as unbounded integers; a missing component is 0 ("1" = "1.0.0"), as
//    osv-scalibr's semver vectors require of the lenient parse OSV uses;
//  * a pre-release ("-rc.1") sorts before the release; its dot-separated identifiers compare in turn,
//    digits-only ones numerically and below alphanumeric ones, which compare as ASCII; a shorter list of
//    equal identifiers sorts first;
//  * build metadata after '+' is ignored ("+incompatible" on Go modules, "+build.5" on crates).
// Go writes a leading 'v' and OSV's Go SEMVER ranges do not, so one 'v' is skipped on either side (after
// any '=' and blanks, which npm allows). Go's
// pseudo-versions ("v0.0.0-20191109021931-daa7c04131db") are ordinary pre-releases whose timestamp orders
// them, which is exactly how `go` orders them. Anything after a third numeric component that is not a
// pre-release or build (e.g. "1.1.3.4.5") is treated as build metadata, again as the vectors say.
#include <string_view>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::DigitPrefix;

struct Semver {
  std::string_view core[3];
  std::string_view pre;  // without '-'; empty when a release
};

Semver Split(std::string_view v) {
  Semver s;
  // package.json versions are whatever people wrote: " =v1.2.3 " is 1.2.3, as node-semver reads it.
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  while (!v.empty() && v.front() == '=') v.remove_prefix(1);
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  v = v.substr(0, v.find('+'));
  for (int i = 0; i < 3 && !v.empty(); ++i) {
    s.core[i] = DigitPrefix(v);
    v.remove_prefix(s.core[i].size());
    if (v.empty() || v.front() != '.' || i == 2) break;
    v.remove_prefix(1);
  }
  // What follows the numbers: "-pre" is a pre-release; a bare suffix ("1.2.3rc1") is one too (lenient);
  // ".4.5" beyond three components is ignored.
  if (!v.empty() && v.front() == '-') {
    s.pre = v.substr(1);
    if (s.pre.empty()) s.pre = "-";  // "1.2.3-" is a (strange) pre-release, still before "1.2.3"
  } else if (!v.empty() && v.front() != '.') {
    s.pre = v;
  }
  return s;
}

bool AllDigits(std::string_view id) { return !id.empty() && DigitPrefix(id).size() == id.size(); }

int CompareIdentifiers(std::string_view a, std::string_view b) {
  const bool a_num = AllDigits(a), b_num = AllDigits(b);
  if (a_num && b_num) return CompareDigitRuns(a, b);
  if (a_num != b_num) return a_num ? -1 : 1;
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

int ComparePrerelease(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  while (true) {
    const std::size_t da = a.find('.'), db = b.find('.');
    const int c = CompareIdentifiers(a.substr(0, da), b.substr(0, db));
    if (c != 0) return c;
    const bool a_end = da == std::string_view::npos, b_end = db == std::string_view::npos;
    if (a_end || b_end) return a_end == b_end ? 0 : (a_end ? -1 : 1);
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

int CompareSemverVersions(std::string_view a, std::string_view b) {
  const Semver x = Split(a), y = Split(b);
  for (int i = 0; i < 3; ++i) {
    if (const int c = CompareDigitRuns(x.core[i], y.core[i]); c != 0) return c;
  }
  return ComparePrerelease(x.pre, y.pre);
}

int CompareBuildOrderedSemver(std::string_view a, std::string_view b) {
  if (const int c = CompareSemverVersions(a, b); c != 0) return c;
  const std::size_t plus_a = a.find('+'), plus_b = b.find('+');
  const std::string_view build_a = plus_a == std::string_view::npos ? "" : a.substr(plus_a + 1);
  const std::string_view build_b = plus_b == std::string_view::npos ? "" : b.substr(plus_b + 1);
  // No build sorts first here (a pre-release is the other way round): "1.2.3" < "1.2.3+1".
  if (build_a.empty() || build_b.empty()) return build_a.empty() == build_b.empty() ? 0 : (build_a.empty() ? -1 : 1);
  return ComparePrerelease(build_a, build_b);
}

int CompareGoVersions(std::string_view a, std::string_view b) {
  // Go toolchain versions ("go1.21.3", "go1.22rc1") as the stdlib package carries them; module versions
  // are plain semver.
  auto strip = [](std::string_view v) { return v.starts_with("go") ? v.substr(2) : v; };
  return CompareSemverVersions(strip(a), strip(b));
}

}  // namespace drydock
