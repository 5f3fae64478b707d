// One logical requirements.txt line at a time: comments, -r options, and `name[extras]==version` pins.
#include "catalog/python/requirement_line.h"

#include "common/package_name.h"

namespace drydock {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}
bool IsVersionChar(char c) { return IsNameChar(c) || c == '+' || c == '!'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string_view TrimRequirementSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view CutComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || IsSpace(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

std::optional<std::string_view> IncludedFile(std::string_view line) {
  for (std::string_view flag : {"--requirement", "-r"}) {
    if (!line.starts_with(flag)) continue;
    std::string_view rest = line.substr(flag.size());
    if (flag == "--requirement" && !rest.empty() && rest.front() == '=')
      rest.remove_prefix(1);
    else if (flag == "--requirement" && !rest.empty() && !IsSpace(rest.front()))
      return std::nullopt;
    return TrimRequirementSpace(rest);
  }
  return std::nullopt;
}

std::string DecodeRequirementsText(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return std::string(bytes.substr(3));
  const bool le = bytes.starts_with("\xFF\xFE"), be = bytes.starts_with("\xFE\xFF");
  if (!le && !be) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    const unsigned char lo = bytes[le ? i : i + 1], hi = bytes[le ? i + 1 : i];
    out.push_back(hi == 0 && lo < 0x80 ? static_cast<char>(lo) : '?');
  }
  return out;
}

bool AddRequirement(std::string_view line, std::string_view path, ParsedPackages& out) {
  // A local archive or directory ("./downloads/x.whl") or a bare URL: no name and version to report.
  if (line.starts_with('.') || line.starts_with('/')) return true;
  std::size_t end = 0;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  if (end == 0) return false;
  const std::string_view name = line.substr(0, end);
  std::string_view rest = TrimRequirementSpace(line.substr(end));
  if (rest.starts_with("://")) return true;
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    rest = TrimRequirementSpace(rest.substr(close + 1));
  }
  if (!rest.empty() && std::string_view("=<>!~;@").find(rest.front()) == std::string_view::npos) return false;
  rest = rest.substr(0, rest.find(';'));                          // environment markers
  rest = TrimRequirementSpace(rest.substr(0, rest.find(" --")));  // per-requirement options (--hash)
  if (rest.starts_with("===")) {
    rest.remove_prefix(3);
  } else if (rest.starts_with("==")) {
    rest.remove_prefix(2);
  } else {
    return true;  // unpinned, a range or a URL (`name @ https://...`): nothing installed to name
  }
  rest = TrimRequirementSpace(rest);
  rest = rest.substr(0, rest.find_first_of(" \t"));  // "3.7.1 @ git+https://...": the pin is the first word
  if (rest.find_first_of("*,<>=!~") != std::string_view::npos) return true;  // a prefix match or a range
  if (rest.empty()) return false;
  for (char c : rest) {
    if (!IsVersionChar(c)) return false;
  }
  Package p;
  p.name = name;  // as written; PackageId and the matcher fold spellings
  p.version = std::string(rest);
  p.ecosystem = "pypi";
  p.path = std::string(path);
  out.packages.push_back(std::move(p));
  return true;
}

}  // namespace drydock
