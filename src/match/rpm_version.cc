// rpm's version order. rpmvercmp (rpm's lib/rpmvercmp.c) compares one version or release string:
//  * bytes that are not ASCII letters or digits, '~' or '^' only separate segments ("1.0" = "1_0" = "1+0";
//    any non-ASCII byte is a separator too, so "1.1.α" = "1.1.β" as in rpm);
//  * a segment is a run of digits (compared as an integer: leading zeros ignored) or of letters (compared
//    as bytes); where one side has a digit run and the other letters, the digits are newer;
//  * '~' sorts before everything, even the end of the string ("1.0~rc1" < "1.0");
//  * '^' sorts after the end of the string but before any other segment ("1.0" < "1.0^git1" < "1.0.1");
//  * when the segments run out, the side with something left is newer ("1.0" < "1.0a").
// A full EVR "[epoch:]version[-release]" compares epoch (missing = "0"), then version, then release, each
// with rpmvercmp. The epoch is everything before the first ':', the release everything after the last '-'.
//
// Where we differ from rpm: rpm's rpmverCmp skips the release when either side lacks one, which makes
// "1" equal to both "1-1" and "1-2" and so is no order at all. We sort a missing release before any
// release, even an empty one ("1" < "1-" < "1-0"), as osv-scalibr's redhat vectors require; advisories
// always name a release, so matching is unaffected. The epoch is compared with rpmvercmp rather than as an
// integer so that junk before a colon still orders ("a:1" < "b:1") and huge epochs cannot overflow.
#include <string_view>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::IsDigit;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsSeparator(char c) { return !IsAlnum(c) && c != '~' && c != '^'; }

// The longest prefix of `text` whose bytes satisfy `keep`.
template <class Pred>
std::string_view TakeWhile(std::string_view& text, Pred keep) {
  std::size_t n = 0;
  while (n < text.size() && keep(text[n])) ++n;
  const std::string_view run = text.substr(0, n);
  text.remove_prefix(n);
  return run;
}

int Sign(int c) { return (c > 0) - (c < 0); }

struct EvrParts {
  std::string_view epoch = "0";
  std::string_view version;
  std::string_view release;
  bool has_release = false;
};

EvrParts SplitEvr(std::string_view evr) {
  EvrParts parts;
  if (const std::size_t colon = evr.find(':'); colon != std::string_view::npos) {
    parts.epoch = evr.substr(0, colon);
    if (parts.epoch.empty()) parts.epoch = "0";
    evr.remove_prefix(colon + 1);
  }
  if (const std::size_t dash = evr.rfind('-'); dash != std::string_view::npos) {
    parts.release = evr.substr(dash + 1);
    parts.has_release = true;
    evr = evr.substr(0, dash);
  }
  parts.version = evr;
  return parts;
}

}  // namespace

int RpmVerCmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  while (!a.empty() || !b.empty()) {
    TakeWhile(a, IsSeparator);
    TakeWhile(b, IsSeparator);
    const char ca = a.empty() ? '\0' : a.front();
    const char cb = b.empty() ? '\0' : b.front();
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      a.remove_prefix(1);
      b.remove_prefix(1);
      continue;
    }
    if (ca == '^' || cb == '^') {
      if (a.empty()) return -1;
      if (b.empty()) return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      a.remove_prefix(1);
      b.remove_prefix(1);
      continue;
    }
    if (a.empty() || b.empty()) break;
    if (IsDigit(ca)) {
      const std::string_view da = TakeWhile(a, IsDigit);
      const std::string_view db = TakeWhile(b, IsDigit);
      if (db.empty()) return 1;  // digits are newer than letters
      if (const int c = CompareDigitRuns(da, db); c != 0) return c;
    } else {
      const std::string_view la = TakeWhile(a, IsAlpha);
      const std::string_view lb = TakeWhile(b, IsAlpha);
      if (lb.empty()) return -1;
      if (const int c = Sign(la.compare(lb)); c != 0) return c;
    }
  }
  if (a.empty() && b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

int CompareRpmVersions(std::string_view a, std::string_view b) {
  const EvrParts pa = SplitEvr(a);
  const EvrParts pb = SplitEvr(b);
  if (const int c = RpmVerCmp(pa.epoch, pb.epoch); c != 0) return c;
  if (const int c = RpmVerCmp(pa.version, pb.version); c != 0) return c;
  if (pa.has_release != pb.has_release) return pa.has_release ? 1 : -1;
  return RpmVerCmp(pa.release, pb.release);
}

}  // namespace drydock
