// RubyGems' Gem::Version order (rubygems/version.rb): segments are runs of digits (numbers) or letters
// (strings, a pre-release), "-" means ".pre."; trailing zeros of the release part and of the pre-release part
// are dropped (canonical_segments); a string segment sorts before any number, and missing segments are 0.
#include <string_view>
#include <vector>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::IsDigit;

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Segment {
  std::string_view text;
  bool number;
};

void DropTrailingZeros(std::vector<Segment>& segments, std::size_t from) {
  while (segments.size() > from && segments.back().number && CompareDigitRuns(segments.back().text, "0") == 0) {
    segments.pop_back();
  }
}

std::vector<Segment> CanonicalSegments(std::string_view version) {
  std::vector<Segment> segments;
  bool dash_seen = false;
  for (std::size_t i = 0; i < version.size();) {
    std::size_t n = 0;
    if (IsDigit(version[i])) {
      while (i + n < version.size() && IsDigit(version[i + n])) ++n;
      segments.push_back({version.substr(i, n), true});
    } else if (IsLetter(version[i])) {
      while (i + n < version.size() && IsLetter(version[i + n])) ++n;
      segments.push_back({version.substr(i, n), false});
    } else {
      // "1.0-1" is "1.0.pre.1" in RubyGems.
      if (version[i] == '-' && !dash_seen) {
        dash_seen = true;
        segments.push_back({"pre", false});
      }
      n = 1;
    }
    i += n;
  }
  std::size_t first_string = 0;
  while (first_string < segments.size() && segments[first_string].number) ++first_string;
  std::vector<Segment> release(segments.begin(), segments.begin() + static_cast<std::ptrdiff_t>(first_string));
  DropTrailingZeros(release, 0);
  std::vector<Segment> pre(segments.begin() + static_cast<std::ptrdiff_t>(first_string), segments.end());
  DropTrailingZeros(pre, 0);
  release.insert(release.end(), pre.begin(), pre.end());
  return release;
}

}  // namespace

int CompareRubyGemsVersions(std::string_view a, std::string_view b) {
  const std::vector<Segment> x = CanonicalSegments(a), y = CanonicalSegments(b);
  const Segment zero{"0", true};
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const Segment& l = i < x.size() ? x[i] : zero;
    const Segment& r = i < y.size() ? y[i] : zero;
    if (l.number != r.number) return l.number ? 1 : -1;
    const int c = l.number ? CompareDigitRuns(l.text, r.text) : l.text.compare(r.text);
    if (c != 0) return (c > 0) - (c < 0);
  }
  return 0;
}

}  // namespace drydock
