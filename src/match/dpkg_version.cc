// dpkg's version order, as deb-version(7) and dpkg's verrevcmp define it.
//
// Invalid input: dpkg refuses to parse some strings (empty epoch, non-numeric epoch, spaces). We never
// refuse; instead an epoch is recognised only when the text before the first ':' is a non-empty digit run,
// otherwise the whole string is upstream[-revision]. Every string then maps to one (epoch, upstream,
// revision) triple compared lexicographically, so garbage still gets a deterministic total order.
#include <algorithm>
#include <string_view>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::DigitPrefix;
using match_internal::IsDigit;

struct DpkgParts {
  std::string_view epoch;  // digits, empty = 0
  std::string_view upstream;
  std::string_view revision;  // empty = "0": verrevcmp treats both as zero
};

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view TrimBlanks(std::string_view v) {
  // dpkg's parseversion skips surrounding whitespace, so " 1.0 " and "1.0" name the same version.
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n')) v.remove_suffix(1);
  return v;
}

DpkgParts SplitDpkgVersion(std::string_view v) {
  v = TrimBlanks(v);
  DpkgParts parts;
  const std::size_t colon = v.find(':');
  if (colon != std::string_view::npos && colon > 0 && DigitPrefix(v).size() == colon) {
    parts.epoch = v.substr(0, colon);
    v.remove_prefix(colon + 1);
  }
  // The revision follows the last hyphen; upstream versions may contain hyphens themselves.
  const std::size_t dash = v.rfind('-');
  if (dash == std::string_view::npos) {
    parts.upstream = v;
  } else {
    parts.upstream = v.substr(0, dash);
    parts.revision = v.substr(dash + 1);
  }
  return parts;
}

// Weight of one non-digit character: '~' before the end of the string, the end before letters, letters
// before everything else. Position past the end is the end. A NUL byte is weighted as an ordinary
// non-letter (dpkg would stop there) so it can never tie with a digit and swallow it.
int CharOrder(std::string_view s, std::size_t i) {
  if (i >= s.size() || IsDigit(s[i])) return 0;
  const char c = s[i];
  if (c == '~') return -1;
  if (IsAsciiLetter(c)) return static_cast<unsigned char>(c);
  return static_cast<unsigned char>(c) + 256;
}

// dpkg's verrevcmp: alternate non-digit runs (by CharOrder) and digit runs (numerically).
int CompareFragment(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      const int ac = CharOrder(a, i);
      const int bc = CharOrder(b, j);
      if (ac != bc) return ac < bc ? -1 : 1;
      // Equal non-zero weights mean both sides hold the same non-digit, so both advance past it.
      ++i;
      ++j;
    }
    const std::string_view a_digits = DigitPrefix(a.substr(std::min(i, a.size())));
    const std::string_view b_digits = DigitPrefix(b.substr(std::min(j, b.size())));
    if (const int c = CompareDigitRuns(a_digits, b_digits); c != 0) return c;
    i += a_digits.size();
    j += b_digits.size();
  }
  return 0;
}

}  // namespace

int CompareDpkgVersions(std::string_view a, std::string_view b) {
  const DpkgParts pa = SplitDpkgVersion(a);
  const DpkgParts pb = SplitDpkgVersion(b);
  if (const int c = CompareDigitRuns(pa.epoch, pb.epoch); c != 0) return c;
  if (const int c = CompareFragment(pa.upstream, pb.upstream); c != 0) return c;
  return CompareFragment(pa.revision, pb.revision);
}

}  // namespace drydock
