// NuGet's version order (NuGet.Versioning's VersionComparer, as documented in "Package versioning"):
//  * up to four numeric parts Major.Minor.Patch[.Revision], missing ones 0, compared as integers
//    ("1.0" = "1.0.0.0", "1.0.01" = "1.0.1"), so legacy four-part versions order before any pre-release
//    of the next patch ("1.0.0.1-alpha" > "1.0.0");
//  * a release label after '-' sorts the version before its release; labels split at '.', numeric
//    identifiers compare numerically and before alphanumeric ones, which compare case-insensitively;
//  * metadata after '+' is ignored.
#include <string>
#include <string_view>

#include "match/digits.h"
#include "match/version.h"

namespace drydock {
namespace {

using match_internal::CompareDigitRuns;
using match_internal::DigitPrefix;

struct NugetVersion {
  std::string_view parts[4];
  std::string_view label;
};

NugetVersion Split(std::string_view v) {
  NugetVersion n;
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  v = v.substr(0, v.find('+'));
  if (const std::size_t dash = v.find('-'); dash != std::string_view::npos) {
    n.label = v.substr(dash + 1);
    if (n.label.empty()) n.label = "-";
    v = v.substr(0, dash);
  }
  for (int i = 0; i < 4 && !v.empty(); ++i) {
    n.parts[i] = DigitPrefix(v);
    v.remove_prefix(n.parts[i].size());
    if (v.empty() || v.front() != '.') break;
    v.remove_prefix(1);
  }
  // Text glued to the numbers ("1.0rc") is not NuGet syntax; keep it as a label so it still orders.
  if (!v.empty() && n.label.empty()) n.label = v;
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

bool AllDigits(std::string_view id) { return !id.empty() && DigitPrefix(id).size() == id.size(); }

int CompareLabelIds(std::string_view a, std::string_view b) {
  const bool a_num = AllDigits(a), b_num = AllDigits(b);
  if (a_num && b_num) return CompareDigitRuns(a, b);
  if (a_num != b_num) return a_num ? -1 : 1;
  const int c = Lower(a).compare(Lower(b));
  return (c > 0) - (c < 0);
}

int CompareLabels(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  while (true) {
    const std::size_t da = a.find('.'), db = b.find('.');
    if (const int c = CompareLabelIds(a.substr(0, da), b.substr(0, db)); c != 0) return c;
    const bool a_end = da == std::string_view::npos, b_end = db == std::string_view::npos;
    if (a_end || b_end) return a_end == b_end ? 0 : (a_end ? -1 : 1);
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

int CompareNugetVersions(std::string_view a, std::string_view b) {
  const NugetVersion x = Split(a), y = Split(b);
  for (int i = 0; i < 4; ++i) {
    if (const int c = CompareDigitRuns(x.parts[i], y.parts[i]); c != 0) return c;
  }
  return CompareLabels(x.label, y.label);
}

}  // namespace drydock
