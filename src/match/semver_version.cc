// SemVer 2.0 precedence (semver.org, section 11), as npm's node-semver and OSV "SEMVER" ranges use it.
//
// Leniency, because installed versions are whatever a package.json says: a leading "v" or "=" and
// surrounding spaces are dropped, missing minor/patch count as 0, and a component that is not a number is
// compared as text after every number. Build metadata ("+build.5") never affects precedence.
#include <algorithm>
#include <string_view>
#include <vector>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::IsDigit;

struct Semver {
  std::vector<std::string_view> core;        // major, minor, patch (more are kept, compared in order)
  std::vector<std::string_view> prerelease;  // dot-separated identifiers after '-'
};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

Semver Parse(std::string_view text) {
  text = Trim(text);
  while (!text.empty() && (text.front() == 'v' || text.front() == 'V' || text.front() == '=')) text.remove_prefix(1);
  text = text.substr(0, text.find('+'));
  Semver version;
  const std::size_t dash = text.find('-');
  version.core = Split(text.substr(0, dash), '.');
  if (dash != std::string_view::npos) version.prerelease = Split(text.substr(dash + 1), '.');
  return version;
}

// Numeric identifiers sort below alphanumeric ones, and numerically among themselves.
int CompareIdentifiers(std::string_view a, std::string_view b) {
  const bool a_num = AllDigits(a), b_num = AllDigits(b);
  if (a_num && b_num) return CompareDigitRuns(a, b);
  if (a_num != b_num) return a_num ? -1 : 1;
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

int CompareCore(const Semver& a, const Semver& b) {
  const std::size_t n = std::max({a.core.size(), b.core.size(), std::size_t{3}});
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view x = i < a.core.size() ? a.core[i] : "0";
    const std::string_view y = i < b.core.size() ? b.core[i] : "0";
    if (const int c = CompareIdentifiers(x.empty() ? "0" : x, y.empty() ? "0" : y); c != 0) return c;
  }
  return 0;
}

}  // namespace

int CompareSemverVersions(std::string_view a, std::string_view b) {
  const Semver x = Parse(a), y = Parse(b);
  if (const int c = CompareCore(x, y); c != 0) return c;
  // A pre-release sorts before its release.
  if (x.prerelease.empty() != y.prerelease.empty()) return x.prerelease.empty() ? 1 : -1;
  const std::size_t n = std::min(x.prerelease.size(), y.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int c = CompareIdentifiers(x.prerelease[i], y.prerelease[i]); c != 0) return c;
  }
  if (x.prerelease.size() != y.prerelease.size()) return x.prerelease.size() < y.prerelease.size() ? -1 : 1;
  return 0;
}

}  // namespace drydock
