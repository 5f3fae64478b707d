// requirements.txt, as pip reads it: backslash continuations joined, comments cut, one requirement or option
// per logical line. Only `==`/`===` pins name an installed version; anything else is a range pip resolves
// later, so it is not reported (and is not an error either).
#include <set>
#include <string>

#include "catalog/python/python.h"
#include "catalog/python/requirement_line.h"
#include "common/path.h"

namespace drydock {
namespace {

struct Walk {
  const FileReader& read;
  std::set<std::string> open;  // files on the current -r chain: a cycle stops where it closes
  std::set<std::string> done;  // files already read: a file two others include is listed once
  ParsedPackages out;
};

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
  const std::string text = DecodeRequirementsText(bytes);
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
    const std::string_view line = TrimRequirementSpace(CutComment(logical));
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
