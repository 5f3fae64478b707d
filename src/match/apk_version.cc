// apk-tools' version order (apk-tools 3, src/version.c): a version is a token sequence
//   digit{.digit}...{letter}{_suffix{digits}}...{~hash}{-r#}
// compared token by token. Where the two sequences first differ in token kind, a pre-release suffix
// (_alpha, _beta, _pre, _rc) sorts lowest; otherwise the kind later in the grammar sorts lower, counting
// the end of the string as later than any part and an invalid token as later still. So
// "1.2_rc1" < "1.2" < "1.2-r0" < "1.2a" < "1.2.0" and "1.2_blah" < "1.2".
//
// Where we differ from apk-tools, always on input apk-tools itself calls invalid:
//  * apk stops at the first invalid token and calls two versions equal when they agree up to it. We keep
//    that for invalid tails that start with '-' (junk after the release part: "1-r0-1" = "1-r0-2") but
//    otherwise order equal-prefix invalid versions by the bytes of their tails ("6.6.2p1" < "6.6.2p2",
//    ".1" < ".2"), so distinct garbage does not collapse into one version.
//  * "-r" with no digits at the end of the string or before another '-' is release 0, as apk-tools 2 read
//    it ("1-r" = "1-r0").
//  * Digit runs compare as unbounded integers; apk-tools wraps them at 64 bits.
// These choices keep every relation in osv-scalibr's alpine-versions*.txt true (see version_test.cc).
// Each version maps to a token sequence compared lexicographically, so the order is total.
#include <string_view>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::DigitPrefix;
using match_internal::IsDigit;

// Grammar order; the numeric order of kinds is part of the comparison rule.
enum class Kind {
  kInitialDigit,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNumber,
  kCommitHash,
  kRevision,
  kEnd,
  kInvalid
};

// kNone is the pivot: suffixes below it mark pre-releases.
enum SuffixRank { kBadSuffix, kAlpha, kBeta, kPre, kRc, kNone, kCvs, kSvn, kGit, kHg, kP };

constexpr std::string_view kSuffixNames[] = {"",    "alpha", "beta", "pre", "rc", "",
                                             "cvs", "svn",   "git",  "hg",  "p"};

int SuffixRankOf(std::string_view word) {
  for (int rank = kAlpha; rank <= kP; ++rank) {
    if (rank != kNone && kSuffixNames[rank] == word) return rank;
  }
  return kBadSuffix;
}

struct Token {
  Kind kind = Kind::kInvalid;
  std::string_view text;  // the token's characters; for kInvalid, everything from the failed token on
  int suffix = kBadSuffix;
};

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view version) : rest_(version) {}

  Token First() {
    const std::string_view digits = DigitPrefix(rest_);
    if (digits.empty()) return Invalid(rest_);
    rest_.remove_prefix(digits.size());
    return {Kind::kInitialDigit, digits};
  }

  Token Next(const Token& previous) {
    if (rest_.empty()) return {Kind::kEnd, {}};
    const std::string_view start = rest_;
    const Kind prev = previous.kind;
    const char c = rest_.front();
    if (IsLower(c)) {
      if (prev > Kind::kDigit) return Invalid(start);
      rest_.remove_prefix(1);
      return {Kind::kLetter, start.substr(0, 1)};
    }
    if (c == '.' || IsDigit(c)) {
      Kind kind = Kind::kDigit;
      if (prev == Kind::kSuffix && c != '.') {
        kind = Kind::kSuffixNumber;
      } else if (prev > Kind::kDigit) {
        return Invalid(start);
      }
      if (c == '.') rest_.remove_prefix(1);
      const std::string_view digits = TakeDigits();
      if (digits.empty()) return Invalid(start);
      return {kind, digits};
    }
    if (c == '_') {
      if (prev > Kind::kSuffixNumber) return Invalid(start);
      rest_.remove_prefix(1);
      std::size_t n = 0;
      while (n < rest_.size() && IsLower(rest_[n])) ++n;
      Token token{Kind::kSuffix, rest_.substr(0, n), SuffixRankOf(rest_.substr(0, n))};
      if (token.suffix == kBadSuffix) return Invalid(start);
      rest_.remove_prefix(n);
      return token;
    }
    if (c == '~') {
      if (prev >= Kind::kCommitHash) return Invalid(start);
      std::size_t n = 1;
      while (n < rest_.size() && IsLowerHex(rest_[n])) ++n;
      if (n == 1) return Invalid(start);
      const Token token{Kind::kCommitHash, rest_.substr(1, n - 1)};
      rest_.remove_prefix(n);
      return token;
    }
    if (c == '-' && prev < Kind::kRevision && rest_.starts_with("-r")) {
      rest_.remove_prefix(2);
      const std::string_view digits = TakeDigits();
      if (digits.empty() && !rest_.empty() && rest_.front() != '-') return Invalid(start);
      return {Kind::kRevision, digits};
    }
    return Invalid(start);
  }

 private:
  std::string_view TakeDigits() {
    const std::string_view digits = DigitPrefix(rest_);
    rest_.remove_prefix(digits.size());
    return digits;
  }

  Token Invalid(std::string_view tail) {
    rest_ = {};
    return {Kind::kInvalid, tail};
  }

  std::string_view rest_;
};

int Sign(int c) { return (c > 0) - (c < 0); }

// Orders two tokens of the same kind.
int CompareSameKind(const Token& a, const Token& b) {
  switch (a.kind) {
    case Kind::kDigit:
      // A leading zero makes apk compare the run as a string, like Gentoo ("1.01" < "1.1").
      if (a.text.starts_with('0') || b.text.starts_with('0')) return Sign(a.text.compare(b.text));
      return CompareDigitRuns(a.text, b.text);
    case Kind::kInitialDigit:
    case Kind::kSuffixNumber:
    case Kind::kRevision:
      return CompareDigitRuns(a.text, b.text);
    case Kind::kSuffix:
      return Sign(a.suffix - b.suffix);
    case Kind::kInvalid: {
      const std::string_view a_key = a.text.starts_with('-') ? "-" : a.text;
      const std::string_view b_key = b.text.starts_with('-') ? "-" : b.text;
      return Sign(a_key.compare(b_key));
    }
    case Kind::kEnd:
      return 0;
    default:  // letters and commit hashes: bytes
      return Sign(a.text.compare(b.text));
  }
}

}  // namespace

int CompareApkVersions(std::string_view a, std::string_view b) {
  Tokenizer ta(a);
  Tokenizer tb(b);
  Token at = ta.First();
  Token bt = tb.First();
  while (at.kind == bt.kind) {
    if (const int c = CompareSameKind(at, bt); c != 0 || at.kind >= Kind::kEnd) return c;
    at = ta.Next(at);
    bt = tb.Next(bt);
  }
  // Equal so far and now different kinds: a pre-release suffix is older than anything else; otherwise the
  // side that goes on with a later grammar part (or ends, or breaks) is the older one.
  if (at.kind == Kind::kSuffix && at.suffix < kNone) return -1;
  if (bt.kind == Kind::kSuffix && bt.suffix < kNone) return 1;
  return at.kind > bt.kind ? -1 : 1;
}

}  // namespace drydock
