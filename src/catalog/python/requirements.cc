// requirements.txt, as pip reads it: backslash continuations joined, comments cut, one requirement or option
// per logical line. Only `==`/`===` pins name an installed version; anything else is a range pip resolves
// later, so it is not reported (and is not an error either).
#include <set>
#include <string>

#include "catalog/python/python.h"
#include "common/package_name.h"
#include "common/path.h"

namespace drydock {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}
bool IsVersionChar(char c) { return IsNameChar(c) || c == '+' || c == '!'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// pip: '#' starts a comment at the line start or after whitespace ("pkg==1#x" keeps the '#').
std::string_view CutComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || IsSpace(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

// The file named by "-r F", "-rF", "--requirement F" or "--requirement=F"; nullopt for other lines.
std::optional<std::string_view> IncludedFile(std::string_view line) {
  for (std::string_view flag : {"--requirement", "-r"}) {
    if (!line.starts_with(flag)) continue;
    std::string_view rest = line.substr(flag.size());
    if (flag == "--requirement" && !rest.empty() && rest.front() == '=')
      rest.remove_prefix(1);
    else if (flag == "--requirement" && !rest.empty() && !IsSpace(rest.front()))
      return std::nullopt;
    return Trim(rest);
  }
  return std::nullopt;
}

// pip decodes by BOM (Windows editors save UTF-16). Requirement syntax is ASCII, so UTF-16 code units above
// 0x7f become '?' and only spoil the line they are on.
std::string Decoded(std::string_view bytes) {
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

struct Walk {
  const FileReader& read;
  std::set<std::string> open;  // files on the current -r chain: a cycle stops where it closes
  std::set<std::string> done;  // files already read: a file two others include is listed once
  ParsedPackages out;
};

// One requirement: "Name[extra1,extra2] == 1.2.3 ; python_version < '3.8' --hash=sha256:...".
// Returns false for a line that is not a requirement at all.
bool AddRequirement(std::string_view line, std::string_view path, ParsedPackages& out) {
  // A local archive or directory ("./downloads/x.whl") or a bare URL: no name and version to report.
  if (line.starts_with('.') || line.starts_with('/')) return true;
  std::size_t end = 0;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  if (end == 0) return false;
  const std::string_view name = line.substr(0, end);
  std::string_view rest = Trim(line.substr(end));
  if (rest.starts_with("://")) return true;
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    rest = Trim(rest.substr(close + 1));
  }
  if (!rest.empty() && std::string_view("=<>!~;@").find(rest.front()) == std::string_view::npos) return false;
  rest = rest.substr(0, rest.find(';'));          // environment markers
  rest = Trim(rest.substr(0, rest.find(" --")));  // per-requirement options (--hash)
  if (rest.starts_with("===")) {
    rest.remove_prefix(3);
  } else if (rest.starts_with("==")) {
    rest.remove_prefix(2);
  } else {
    return true;  // unpinned, a range or a URL (`name @ https://...`): nothing installed to name
  }
  rest = Trim(rest);
  rest = rest.substr(0, rest.find_first_of(" \t"));  // "3.7.1 @ git+https://...": the pin is the first word
  if (rest.find_first_of("*,<>=!~") != std::string_view::npos) return true;  // a prefix match or a range
  if (rest.empty()) return false;
  for (char c : rest) {
    if (!IsVersionChar(c)) return false;
  }
  Package p;
  p.name = NormalizePypiName(name);
  p.version = std::string(rest);
  p.ecosystem = "pypi";
  p.path = std::string(path);
  out.packages.push_back(std::move(p));
  return true;
}

Status ParseFile(Walk& walk, std::string_view path, std::string_view bytes, int depth);

void Include(Walk& walk, std::string_view from, std::size_t line_no, std::string_view file, int depth) {
  auto note = [&](std::string_view why) {
    walk.out.skipped.push_back(fmt::format("{}: line {}: -r {}: {}", from, line_no, file, why));
  };
  if (file.empty()) return note("no file named");
  if (file.find("://") != std::string_view::npos) return note("a URL, not a file in the scanned tree");
  const std::string_view dir = ParentPath(from);
  auto target = NormalizePath(dir.empty() ? std::string(file) : fmt::format("{}/{}", dir, file));
  if (!target || target->empty()) return note("outside the scanned tree");
  if (depth + 1 > kMaxRequirementIncludeDepth) return note("includes nested too deep");
  if (walk.open.contains(*target)) return note("an include cycle");
  if (walk.done.contains(*target)) return;
  std::optional<std::string> bytes = walk.read(*target);
  if (!bytes)
    return note(fmt::format("{} is not in the scan (only requirement file names are read)", *target));
  if (auto parsed = ParseFile(walk, *target, *bytes, depth + 1); !parsed) note(parsed.error().message);
}

Status ParseFile(Walk& walk, std::string_view path, std::string_view bytes, int depth) {
  if (bytes.size() > kMaxPythonLockBytes) {
    return Fail("{}: {} bytes is over the {} byte limit", path, bytes.size(), kMaxPythonLockBytes);
  }
  const std::string text = Decoded(bytes);
  bytes = text;
  walk.open.emplace(path);
  walk.done.emplace(path);
  std::string logical;
  std::size_t line_no = 0, start_line = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view physical = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (logical.empty()) start_line = line_no;
    if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
    const bool continued = !physical.empty() && physical.back() == '\\';
    if (continued) physical.remove_suffix(1);
    if (logical.size() + physical.size() > kMaxRequirementLineBytes) {
      walk.open.erase(std::string(path));
      return Fail("{}: line {}: longer than {} bytes", path, start_line, kMaxRequirementLineBytes);
    }
    logical += physical;
    if (continued && pos < bytes.size()) continue;
    const std::string_view line = Trim(CutComment(logical));
    if (auto file = IncludedFile(line)) {
      Include(walk, path, start_line, *file, depth);
    } else if (!line.empty() && line.front() != '-' && !AddRequirement(line, path, walk.out)) {
      walk.out.skipped.push_back(fmt::format("{}: line {}: not a requirement", path, start_line));
    }
    logical.clear();
  }
  walk.open.erase(std::string(path));
  return {};
}

}  // namespace

Result<ParsedPackages> ParseRequirements(std::string_view path, std::string_view bytes,
                                         const FileReader& read) {
  Walk walk{.read = read, .open = {}, .done = {}, .out = {}};
  if (auto parsed = ParseFile(walk, path, bytes, 0); !parsed) return std::unexpected(parsed.error());
  return std::move(walk.out);
}

}  // namespace drydock
