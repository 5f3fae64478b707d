#include "source/registry/link_header.h"

#include <algorithm>
#include <cctype>

namespace drydock {
namespace {

void SkipSpace(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool HasNext(std::string_view rel) {
  std::string words = Lower(rel);
  for (std::size_t start = 0; start < words.size();) {
    std::size_t end = std::min(words.find(' ', start), words.size());
    if (words.substr(start, end - start) == "next") return true;
    start = end + 1;
  }
  return false;
}

// One `name=value` or `name="quoted value"` parameter; `s` is left after it.
Result<std::pair<std::string, std::string>> Parameter(std::string_view& s) {
  std::size_t name_end = s.find_first_of("=;,");
  std::string name = Lower(s.substr(0, std::min(name_end, s.size())));
  name.erase(name.find_last_not_of(" \t") + 1);
  s.remove_prefix(std::min(name_end, s.size()));
  if (s.empty() || s.front() != '=') return std::pair{name, std::string()};
  s.remove_prefix(1);
  SkipSpace(s);
  std::string value;
  if (!s.empty() && s.front() == '"') {
    s.remove_prefix(1);
    for (;;) {
      if (s.empty()) return Fail("Link header: unterminated quoted parameter {}", name);
      char c = s.front();
      s.remove_prefix(1);
      if (c == '"') break;
      if (c == '\\' && !s.empty()) {
        c = s.front();
        s.remove_prefix(1);
      }
      value += c;
    }
  } else {
    std::size_t end = std::min(s.find_first_of(";,"), s.size());
    value = std::string(s.substr(0, end));
    value.erase(value.find_last_not_of(" \t") + 1);
    s.remove_prefix(end);
  }
  return std::pair{name, value};
}

}  // namespace

Result<std::optional<std::string>> NextLink(std::string_view header) {
  std::string_view s = header;
  for (;;) {
    SkipSpace(s);
    while (!s.empty() && s.front() == ',') {
      s.remove_prefix(1);
      SkipSpace(s);
    }
    if (s.empty()) return std::nullopt;
    if (s.front() != '<') return Fail("Link header: expected <URI> at \"{}\"", s.substr(0, 40));
    std::size_t close = s.find('>');
    if (close == std::string_view::npos) return Fail("Link header: unclosed <");
    std::string target(s.substr(1, close - 1));
    s.remove_prefix(close + 1);
    bool next = false;
    for (;;) {
      SkipSpace(s);
      if (s.empty() || s.front() == ',') break;
      if (s.front() != ';') return Fail("Link header: expected ; or , after <{}>", target);
      s.remove_prefix(1);
      SkipSpace(s);
      auto parameter = Parameter(s);
      if (!parameter) return std::unexpected(parameter.error());
      if (parameter->first == "rel" && HasNext(parameter->second)) next = true;
    }
    if (next) return target;
  }
}

}  // namespace drydock
