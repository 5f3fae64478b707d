// Small text helpers shared by parsers.
#pragma once

#include <string_view>

namespace drydock {

constexpr bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// `text` without leading and trailing ASCII whitespace (never locale-dependent, unlike std::isspace).
constexpr std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace drydock
