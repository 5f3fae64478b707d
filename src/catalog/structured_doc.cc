#include "catalog/structured_doc.h"

#include <string>

namespace drydock {
namespace {

// Counts bracket nesting outside quoted strings. JSON strings use "..." with backslash escapes; YAML adds
// '...' (quote doubled to escape) and '#' comments, which may hold any bracket. A YAML quote opens a string
// only where a scalar can start (after ':', '-', ',', '[', '{', '?' or at a line's start): "don't" inside a
// plain scalar must not hide a bracket bomb on the following lines.
Status CheckDepth(std::string_view bytes, bool yaml, std::string_view what) {
  std::size_t depth = 0, column = 0;
  char quote = 0, prev = '\n';  // prev: the last non-blank byte outside strings on this line
  bool line_start = true, comment = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '\n' && quote == 0) {
      line_start = true, comment = false, column = 0, prev = '\n';
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0, prev = c;
      continue;
    }
    if (yaml && line_start && (c == ' ' || c == '-')) {
      if (++column > kMaxYamlIndentColumns) return Fail("{}: indented more than {} columns", what, kMaxYamlIndentColumns);
      prev = c == '-' ? '-' : prev;
      continue;
    }
    line_start = false;
    if (c == ' ' || c == '\t' || c == '\r') continue;
    const bool scalar_start = !yaml || std::string_view(":-,[{?\n").find(prev) != std::string_view::npos;
    if ((c == '"' || (yaml && c == '\'')) && scalar_start) {
      quote = c;
    } else if (yaml && c == '#' && (prev == '\n' || bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
      comment = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDocNestingDepth) return Fail("{}: nested deeper than {} levels", what, kMaxDocNestingDepth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    prev = c;
  }
  return {};
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (c >= 0xC2 && c <= 0xDF) extra = 1;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3;
    else if (c >= 0x80) return false;  // a stray continuation byte, or an overlong/out-of-range lead
    if (i + extra >= text.size() && extra > 0) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += extra + 1;
  }
  return true;
}

Result<nlohmann::json> ParseJsonDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (Status deep = CheckDepth(bytes, /*yaml=*/false, what); !deep) return std::unexpected(deep.error());
  nlohmann::json doc = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail("{} is not JSON (truncated, or invalid UTF-8)", what);
  return doc;
}

Result<YAML::Node> ParseYamlDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (!IsValidUtf8(bytes)) return Fail("{} is not valid UTF-8", what);
  if (Status deep = CheckDepth(bytes, /*yaml=*/true, what); !deep) return std::unexpected(deep.error());
  try {
    return YAML::Load(std::string(bytes));
  } catch (const YAML::Exception& e) {
    return Fail("{} is not YAML: line {}: {}", what, e.mark.line + 1, e.msg);
  }
}

}  // namespace drydock
