// Composer / Packagist order: PHP's version_compare() (ext/standard/versioning.c), which Composer's
// constraint checks use after stripping a leading "v".
//
// Canonical form: '-', '_', '+' become '.', and a '.' is put between a digit and a non-digit. Parts compare
// numerically when both are numbers, else by special form: dev < alpha = a < beta = b < RC = rc < number <
// pl = p, any other word before dev. When one side runs out, a remaining number makes it greater, a remaining
// word is judged against a number.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::IsDigit;

std::vector<std::string> CanonicalParts(std::string_view version) {
  if (!version.empty() && (version.front() == 'v' || version.front() == 'V')) version.remove_prefix(1);
  std::vector<std::string> parts;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(std::move(current));
    current.clear();
  };
  for (const char c : version) {
    if (c == '.' || c == '-' || c == '_' || c == '+') {
      flush();
      continue;
    }
    if (!current.empty() && IsDigit(current.back()) != IsDigit(c)) flush();
    current.push_back(c);
  }
  flush();
  return parts;
}

// PHP matches special forms by prefix, in this order.
int SpecialFormOrder(std::string_view part) {
  if (!part.empty() && IsDigit(part.front())) return 4;
  constexpr std::pair<std::string_view, int> kForms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2},
                                                         {"b", 2},   {"RC", 3},    {"rc", 3}, {"#", 4},
                                                         {"pl", 5},  {"p", 5}};
  for (const auto& [form, order] : kForms) {
    if (part.starts_with(form)) return order;
  }
  return -6;
}

int Sign(int c) { return (c > 0) - (c < 0); }

// PHP compares a leftover tail with the pseudo-version "#N#" (a number), recursively.
int CompareParts(std::span<const std::string> x, std::span<const std::string> y) {
  const std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool x_num = IsDigit(x[i].front()), y_num = IsDigit(y[i].front());
    const int c = x_num && y_num ? CompareDigitRuns(x[i], y[i]) : Sign(SpecialFormOrder(x[i]) - SpecialFormOrder(y[i]));
    if (c != 0) return c;
  }
  static const std::string kNumber[] = {"#N#"};
  if (x.size() > n) return IsDigit(x[n].front()) ? 1 : CompareParts(x.subspan(n), kNumber);
  if (y.size() > n) return IsDigit(y[n].front()) ? -1 : CompareParts(kNumber, y.subspan(n));
  return 0;
}

}  // namespace

int CompareComposerVersions(std::string_view a, std::string_view b) {
  return CompareParts(CanonicalParts(a), CanonicalParts(b));
}

}  // namespace drydock
