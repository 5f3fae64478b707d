#include "catalog/toml_doc.h"

namespace drydock {
namespace {

// One pass over the bytes outside strings and comments. A dot outside a string only appears in a dotted
// key, a table header or a float; counting dots since the last '=', ',', bracket or newline bounds every key's
// parts (a float contributes one). Quoted key parts ("a"."b") are skipped as strings; the dots between count.
Status CheckTomlShape(std::string_view bytes, std::string_view what) {
  std::size_t dots = 0, depth = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '"' || c == '\'') {
      const bool triple = bytes.substr(i, 3) == std::string(3, c);
      const std::string_view close = triple ? bytes.substr(i, 3) : bytes.substr(i, 1);
      std::size_t j = i + close.size();
      for (; j < bytes.size(); ++j) {
        if (c == '"' && bytes[j] == '\\') {
          ++j;
        } else if (bytes.substr(j, close.size()) == close) {
          break;
        } else if (!triple && bytes[j] == '\n') {
          break;  // an unterminated one-line string: the parser reports it
        }
      }
      i = j + close.size() - 1;
      continue;
    }
    if (c == '#') {
      while (i + 1 < bytes.size() && bytes[i + 1] != '\n') ++i;
    } else if (c == '.') {
      if (++dots >= kMaxTomlKeyParts) return Fail("{}: a key with more than {} parts", what, kMaxTomlKeyParts);
    } else if (c == '[' || c == '{') {
      dots = 0;
      if (++depth > kMaxTomlNestingDepth) return Fail("{}: nested deeper than {} levels", what, kMaxTomlNestingDepth);
    } else if (c == ']' || c == '}') {
      dots = 0;
      if (depth > 0) --depth;
    } else if (c == '=' || c == ',' || c == '\n') {
      dots = 0;
    }
  }
  return {};
}

}  // namespace

Result<toml::table> ParseTomlDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (Status shape = CheckTomlShape(bytes, what); !shape) return std::unexpected(shape.error());
  try {
    return toml::parse(bytes);
  } catch (const toml::parse_error& e) {
    return Fail("{} is not TOML: line {}: {}", what, e.source().begin.line, e.description());
  }
}

}  // namespace drydock
