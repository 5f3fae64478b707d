// PEP 440 version order, as the "packaging" library implements it (PyPI's OSV ecosystem).
//
// A valid version is [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], case-insensitive, with the spellings
// PEP 440 normalises (alpha/beta/c/pre/preview, rev/r/"-N" for post, optional separators and numbers).
// Anything else is a legacy version: it sorts before every valid one, ordered the way packaging's
// LegacyVersion did (setuptools' old parse_version), since installed metadata still carries such versions.
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::DigitPrefix;
using match_internal::IsDigit;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z'); }
bool IsSeparator(char c) { return c == '.' || c == '-' || c == '_'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  return out;
}

struct Pep440 {
  std::string_view epoch;                 // digits, "" = 0
  std::vector<std::string_view> release;  // trailing zeros removed
  int pre_kind = -1;                      // 0 a, 1 b, 2 rc; -1 none
  std::string_view pre_number;
  bool has_post = false;
  std::string_view post_number;
  bool has_dev = false;
  std::string_view dev_number;
  std::vector<std::string_view> local;
};

// Consumes `word` (already lowercase) at the front of `s`.
bool Eat(std::string_view& s, std::string_view word) {
  if (!s.starts_with(word)) return false;
  s.remove_prefix(word.size());
  return true;
}

void EatSeparator(std::string_view& s) {
  if (!s.empty() && IsSeparator(s.front())) s.remove_prefix(1);
}

std::string_view EatDigits(std::string_view& s) {
  const std::string_view digits = DigitPrefix(s);
  s.remove_prefix(digits.size());
  return digits;
}

// Parses `s` (lowercase). Views point into `s`'s storage.
std::optional<Pep440> ParseValid(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  Eat(s, "v");
  Pep440 v;
  if (const std::size_t bang = s.find('!'); bang != std::string_view::npos) {
    std::string_view epoch = s.substr(0, bang);
    if (epoch.empty() || DigitPrefix(epoch).size() != epoch.size()) return std::nullopt;
    v.epoch = epoch;
    s.remove_prefix(bang + 1);
  }
  do {
    const std::string_view part = EatDigits(s);
    if (part.empty()) return std::nullopt;
    v.release.push_back(part);
  } while (s.size() >= 2 && s.front() == '.' && IsDigit(s[1]) && (s.remove_prefix(1), true));
  while (v.release.size() > 1 && CompareDigitRuns(v.release.back(), "0") == 0) v.release.pop_back();
  // Pre-release.
  {
    std::string_view t = s;
    EatSeparator(t);
    int kind = -1;
    for (auto [word, k] : {std::pair<std::string_view, int>{"alpha", 0}, {"a", 0}, {"beta", 1}, {"b", 1},
                           {"rc", 2}, {"c", 2}, {"preview", 2}, {"pre", 2}}) {
      if (Eat(t, word)) {
        kind = k;
        break;
      }
    }
    if (kind >= 0) {
      EatSeparator(t);
      v.pre_kind = kind;
      v.pre_number = EatDigits(t);
      s = t;
    }
  }
  // Post-release: ".post1", "-1", ".r1", ".rev1".
  {
    std::string_view t = s;
    if (t.size() >= 2 && t.front() == '-' && IsDigit(t[1])) {
      t.remove_prefix(1);
      v.has_post = true;
      v.post_number = EatDigits(t);
      s = t;
    } else {
      EatSeparator(t);
      if (Eat(t, "post") || Eat(t, "rev") || Eat(t, "r")) {
        EatSeparator(t);
        v.has_post = true;
        v.post_number = EatDigits(t);
        s = t;
      }
    }
  }
  // Development release.
  {
    std::string_view t = s;
    EatSeparator(t);
    if (Eat(t, "dev")) {
      EatSeparator(t);
      v.has_dev = true;
      v.dev_number = EatDigits(t);
      s = t;
    }
  }
  if (Eat(s, "+")) {
    if (s.empty()) return std::nullopt;
    while (true) {
      std::size_t n = 0;
      while (n < s.size() && (IsDigit(s[n]) || IsAlpha(s[n]))) ++n;
      if (n == 0) return std::nullopt;
      v.local.push_back(s.substr(0, n));
      s.remove_prefix(n);
      if (s.empty()) break;
      if (!IsSeparator(s.front())) return std::nullopt;
      s.remove_prefix(1);
    }
  }
  if (!s.empty()) return std::nullopt;
  return v;
}

int Sign(int c) { return (c > 0) - (c < 0); }

int CompareRelease(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int c = CompareDigitRuns(i < a.size() ? a[i] : "", i < b.size() ? b[i] : "");
    if (c != 0) return c;
  }
  return 0;
}

// packaging's _cmpkey: a dev-only release sorts before any pre-release of its version; no pre-release sorts
// after every pre-release; no post before any post; no dev after any dev; no local before any local.
std::tuple<int, int, std::string_view> PreKey(const Pep440& v) {
  if (v.pre_kind < 0 && !v.has_post && v.has_dev) return {-1, 0, ""};
  if (v.pre_kind < 0) return {1, 0, ""};
  return {0, v.pre_kind, v.pre_number};
}

int CompareLocal(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool a_num = DigitPrefix(a[i]).size() == a[i].size();
    const bool b_num = DigitPrefix(b[i]).size() == b[i].size();
    if (a_num != b_num) return a_num ? 1 : -1;  // numeric segments sort after alphanumeric ones
    const int c = a_num ? CompareDigitRuns(a[i], b[i]) : Sign(a[i].compare(b[i]));
    if (c != 0) return c;
  }
  return Sign(static_cast<int>(a.size()) - static_cast<int>(b.size()));
}

int CompareValid(const Pep440& a, const Pep440& b) {
  if (int c = CompareDigitRuns(a.epoch, b.epoch); c != 0) return c;
  if (int c = CompareRelease(a.release, b.release); c != 0) return c;
  const auto [ak, akind, anum] = PreKey(a);
  const auto [bk, bkind, bnum] = PreKey(b);
  if (ak != bk) return ak < bk ? -1 : 1;
  if (akind != bkind) return akind < bkind ? -1 : 1;
  if (int c = CompareDigitRuns(anum, bnum); c != 0) return c;
  if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
  if (int c = CompareDigitRuns(a.post_number, b.post_number); c != 0) return c;
  if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
  if (int c = CompareDigitRuns(a.dev_number, b.dev_number); c != 0) return c;
  if (a.local.empty() != b.local.empty()) return a.local.empty() ? -1 : 1;
  return CompareLocal(a.local, b.local);
}

// LegacyVersion's key: runs of digits (zero-padded to 8), runs of letters and the '.'/'-' separators, with
// pre/preview/rc -> "c", dev -> "@", '-' -> "final-", letters prefixed by '*', and trailing zeros and
// "final-" markers dropped before each letter part.
std::vector<std::string> LegacyKey(std::string_view s) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = 1;
    std::string part;
    if (IsDigit(s[i])) {
      while (i + n < s.size() && IsDigit(s[i + n])) ++n;
      part = std::string(s.substr(i, n));
      if (part.size() < 8) part.insert(0, 8 - part.size(), '0');
    } else if (IsAlpha(s[i])) {
      while (i + n < s.size() && IsAlpha(s[i + n])) ++n;
      std::string word(s.substr(i, n));
      if (word == "pre" || word == "preview" || word == "rc") word = "c";
      if (word == "dev") word = "@";
      part = "*" + word;
    } else if (s[i] == '.') {
      i += 1;
      continue;  // '.' parts are dropped by packaging
    } else if (s[i] == '-') {
      part = "*final-";
    } else {
      part = "*" + std::string(1, s[i]);
    }
    i += n;
    if (part.starts_with('*')) {
      if (part < "*final") {
        while (!parts.empty() && parts.back() == "*final-") parts.pop_back();
      }
      while (!parts.empty() && parts.back() == "00000000") parts.pop_back();
    }
    parts.push_back(std::move(part));
  }
  parts.push_back("*final");
  return parts;
}

}  // namespace

int ComparePep440Versions(std::string_view a, std::string_view b) {
  const std::string la = Lower(a), lb = Lower(b);
  const std::optional<Pep440> va = ParseValid(la), vb = ParseValid(lb);
  if (va && vb) return CompareValid(*va, *vb);
  if (va.has_value() != vb.has_value()) return va ? 1 : -1;  // legacy versions sort first
  const std::vector<std::string> ka = LegacyKey(la), kb = LegacyKey(lb);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

}  // namespace drydock
