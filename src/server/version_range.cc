#include "server/version_range.h"

#include "common/text.h"
#include "match/language_ecosystem.h"
#include "match/version.h"

namespace drydock {
namespace {

// OS package ecosystems order versions as their package manager does; the distro does not matter for that.
const VersionScheme* SchemeFor(std::string_view ecosystem) {
  if (ecosystem == "deb") return SchemeForEcosystem("Debian");
  if (ecosystem == "apk") return SchemeForEcosystem("Alpine");
  if (ecosystem == "rpm") return SchemeForEcosystem("Red Hat");
  if (const LanguageEcosystem* language = FindLanguageEcosystem(ecosystem)) {
    return SchemeForEcosystem(language->osv_ecosystem);
  }
  return nullptr;
}

}  // namespace

Result<std::vector<VersionBound>> ParseVersionRange(std::string_view text) {
  std::vector<VersionBound> bounds;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view part = Trim(text.substr(start, comma - start));
    start = comma + 1;
    if (part.empty()) return FailWith(ErrorCode::kInvalidInput, "range \"{}\": an empty bound", text);
    VersionBound bound;
    for (std::string_view op : {"<=", ">=", "<", ">", "=="}) {
      if (part.starts_with(op)) {
        bound.op = op == "==" ? "=" : std::string(op);
        part.remove_prefix(op.size());
        break;
      }
    }
    if (bound.op.empty()) {
      bound.op = "=";
      if (part.starts_with('=')) part.remove_prefix(1);
    }
    part = Trim(part);
    if (part.empty()) return FailWith(ErrorCode::kInvalidInput, "range \"{}\": a bound without a version", text);
    bound.version = std::string(part);
    if (bounds.size() == kMaxRangeBounds) {
      return FailWith(ErrorCode::kInvalidInput, "range \"{}\": more than {} bounds", text, kMaxRangeBounds);
    }
    bounds.push_back(std::move(bound));
  }
  return bounds;
}

bool InVersionRange(std::string_view ecosystem, std::string_view version, const std::vector<VersionBound>& bounds) {
  if (bounds.empty()) return true;
  const VersionScheme* scheme = SchemeFor(ecosystem);
  if (scheme == nullptr) return false;
  for (const VersionBound& bound : bounds) {
    const int c = scheme->Compare(version, bound.version);
    const bool ok = bound.op == "<"    ? c < 0
                    : bound.op == "<=" ? c <= 0
                    : bound.op == ">"  ? c > 0
                    : bound.op == ">=" ? c >= 0
                                       : c == 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace drydock
