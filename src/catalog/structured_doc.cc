#include "catalog/structured_doc.h"

#include <string>

#include "common/bounded_json.h"

namespace drydock {
namespace {

// Counts bracket nesting outside quoted strings (JSON goes through common/bounded_json.h). YAML strings are
// "..." with backslash escapes or '...' (quote doubled to escape); '#' comments may hold any bracket. A quote
// opens a string only where a scalar can start (after ':', '-', ',', '[', '{', '?' or at a line's start):
// "don't" inside a plain scalar must not hide a bracket bomb on the following lines.
Status CheckYamlDepth(std::string_view bytes, std::string_view what) {
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
    if (line_start && (c == ' ' || c == '-')) {
      if (++column > kMaxYamlIndentColumns) return Fail("{}: indented more than {} columns", what, kMaxYamlIndentColumns);
      prev = c == '-' ? '-' : prev;
      continue;
    }
    line_start = false;
    if (c == ' ' || c == '\t' || c == '\r') continue;
    const bool scalar_start = std::string_view(":-,[{?\n").find(prev) != std::string_view::npos;
    if ((c == '"' || c == '\'') && scalar_start) {
      quote = c;
    } else if (c == '#' && (prev == '\n' || bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
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

Result<nlohmann::json> ParseJsonDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what) {
  return ParseBoundedJson(bytes, what, max_bytes, kMaxDocNestingDepth);
}

Result<YAML::Node> ParseYamlDoc(std::string_view bytes, std::size_t max_bytes, std::string_view what) {
  if (bytes.size() > max_bytes) return Fail("{} of {} bytes is over the {} byte limit", what, bytes.size(), max_bytes);
  if (!IsValidUtf8(bytes)) return Fail("{} is not valid UTF-8", what);
  if (Status deep = CheckYamlDepth(bytes, what); !deep) return std::unexpected(deep.error());
  try {
    return YAML::Load(std::string(bytes));
  } catch (const YAML::Exception& e) {
    return Fail("{} is not YAML: line {}: {}", what, e.mark.line + 1, e.msg);
  }
}

}  // namespace drydock
