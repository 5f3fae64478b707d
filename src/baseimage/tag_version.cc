#include "baseimage/tag_version.h"

#include <cctype>

namespace drydock::baseimage {
namespace {

constexpr std::size_t kMaxDigits = 12;  // a version number longer than this is a date or a hash, not a version

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::optional<TagVersion> ParseTagVersion(std::string_view tag) {
  TagVersion version;
  if (tag.starts_with('v')) {
    version.prefix = "v";
    tag.remove_prefix(1);
  }
  std::size_t at = 0;
  for (;;) {
    std::size_t start = at;
    while (at < tag.size() && IsDigit(tag[at])) ++at;
    if (at == start) {
      if (version.numbers.empty()) return std::nullopt;
      at = start - 1;  // "12." followed by a letter: the dot belongs to the variant
      break;
    }
    if (at - start > kMaxDigits || version.numbers.size() == kMaxTagNumbers) return std::nullopt;
    version.numbers.push_back(std::stoull(std::string(tag.substr(start, at - start))));
    if (at == tag.size() || tag[at] != '.') break;
    ++at;
  }
  version.variant = std::string(tag.substr(at));
  return version;
}

bool SameFamily(const TagVersion& a, const TagVersion& b) {
  return a.prefix == b.prefix && a.variant == b.variant && a.numbers.size() == b.numbers.size();
}

bool SameVersion(const TagVersion& a, const TagVersion& b) {
  return a.prefix == b.prefix && a.numbers == b.numbers;
}

std::strong_ordering CompareNumbers(const TagVersion& a, const TagVersion& b) { return a.numbers <=> b.numbers; }

}  // namespace drydock::baseimage
