#include "catalog/license.h"

#include <algorithm>
#include <utility>

namespace drydock {
namespace {

bool IsWord(std::string_view token, std::string_view word) {
  return token.size() == word.size() &&
         std::equal(token.begin(), token.end(), word.begin(),
                    [](char a, char b) { return (a >= 'a' && a <= 'z' ? a - 32 : a) == b; });
}

// Whitespace-separated tokens, with parentheses as tokens of their own.
std::vector<std::string_view> Tokens(std::string_view field) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < field.size()) {
    const char c = field[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    const std::size_t end = field.find_first_of(" \t\n\r()", i);
    tokens.push_back(field.substr(i, end - i));
    i = end == std::string_view::npos ? field.size() : end;
  }
  return tokens;
}

}  // namespace

std::vector<std::string> SplitLicenses(std::string_view field) {
  std::vector<std::string> licenses;
  const auto add = [&](std::string license) {
    if (!license.empty() && std::find(licenses.begin(), licenses.end(), license) == licenses.end()) {
      licenses.push_back(std::move(license));
    }
  };
  std::string pending;  // the latest license, held back in case a WITH follows it
  bool with = false;
  for (std::string_view token : Tokens(field)) {
    while (!token.empty() && token.back() == ',') token.remove_suffix(1);
    if (token.empty() || IsWord(token, "AND") || IsWord(token, "OR")) {
      with = false;
      continue;
    }
    if (IsWord(token, "WITH")) {
      with = !pending.empty();
      continue;
    }
    if (with) {
      pending += " WITH ";
      pending += token;
      with = false;
      continue;
    }
    add(std::exchange(pending, std::string(token)));
  }
  add(std::move(pending));
  return licenses;
}

}  // namespace drydock
