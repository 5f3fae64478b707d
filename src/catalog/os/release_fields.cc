#include <algorithm>
#include <optional>

#include "catalog/os/os_release.h"

namespace drydock {
namespace {

bool IsKeyChar(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

// Characters a backslash escapes inside double quotes, as in the shell.
constexpr std::string_view kDoubleQuoteEscapes = "$\"`\\";

// The shell word `text` spells, or nullopt when a quote is left open. Unquoted whitespace ends the word and
// the rest must be blank or a comment.
std::optional<std::string> UnquoteValue(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i++];
    if (c == '\\') {
      if (i < text.size()) out += text[i++];
    } else if (c == '\'') {
      const std::size_t close = text.find('\'', i);
      if (close == std::string_view::npos) return std::nullopt;
      out += text.substr(i, close - i);
      i = close + 1;
    } else if (c == '"') {
      while (true) {
        if (i >= text.size()) return std::nullopt;
        const char d = text[i++];
        if (d == '"') break;
        if (d == '\\' && i < text.size() && kDoubleQuoteEscapes.find(text[i]) != std::string_view::npos) {
          out += text[i++];
        } else {
          out += d;
        }
      }
    } else if (c == ' ' || c == '\t') {
      const std::size_t rest = text.find_first_not_of(" \t", i);
      if (rest != std::string_view::npos && text[rest] != '#') return std::nullopt;
      break;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<ReleaseFields> ParseReleaseFields(std::string_view bytes) {
  if (bytes.size() > kMaxReleaseFileBytes) {
    return Fail("{} bytes is over the {} byte limit", bytes.size(), kMaxReleaseFileBytes);
  }
  if (bytes.find('\0') != std::string_view::npos) return Fail("NUL byte in a release file");
  ReleaseFields fields;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\n');
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(end == std::string_view::npos ? bytes.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
    const std::size_t equals = line.find('=');
    if (line.empty() || line.front() == '#' || equals == 0 || equals == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, equals);
    bool valid_key = true;
    for (std::size_t i = 0; i < key.size(); ++i) valid_key = valid_key && IsKeyChar(key[i], i == 0);
    if (!valid_key) continue;
    if (auto value = UnquoteValue(line.substr(equals + 1))) fields.insert_or_assign(std::string(key), *value);
  }
  return fields;
}

}  // namespace drydock
