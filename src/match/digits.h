// Arbitrary-precision comparison of decimal digit runs, shared by the version schemes.
#pragma once

#include <string_view>

namespace drydock::match_internal {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Compares two runs of ASCII digits as unbounded non-negative integers; an empty run is zero. Working on the
// text instead of parsing into an integer keeps a 40-digit snapshot date or a hostile 10k-digit run exact and
// free of overflow.
inline int CompareDigitRuns(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

// The longest prefix of `text` made of digits.
inline std::string_view DigitPrefix(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && IsDigit(text[n])) ++n;
  return text.substr(0, n);
}

}  // namespace drydock::match_internal
