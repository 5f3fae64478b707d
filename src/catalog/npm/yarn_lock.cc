// yarn.lock, both forms: v1 (`asap@~2.0.6:` then `  version "2.0.6"`) and Berry's YAML subset
// (`"@babel/code-frame@npm:7.10.4":` then `  version: 7.10.4`). Read line by line: an entry header at column
// 0 ending in ':', its version at two spaces. yarn.lock does not say which packages are dev dependencies.
#include <set>
#include <string>

#include "catalog/npm/npm.h"

namespace drydock {
namespace {

std::string_view Unquote(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// "@scope/name@npm:^1.0" -> "@scope/name": the '@' that ends the name is never the first character.
std::string_view DescriptorName(std::string_view descriptor) {
  const std::size_t at = descriptor.find('@', 1);
  return at == std::string_view::npos ? descriptor : descriptor.substr(0, at);
}

// Workspaces, links, portals and local folders are the project's own code, not registry releases.
bool IsLocal(std::string_view header) {
  for (std::string_view protocol : {"@workspace:", "@link:", "@portal:", "@file:"}) {
    if (header.find(protocol) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

Result<ParsedPackages> ParseYarnLock(std::string_view bytes) {
  if (bytes.size() > kMaxPackageLockBytes) {
    return Fail("yarn.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxPackageLockBytes);
  }
  ParsedPackages out;
  std::set<std::pair<std::string, std::string>> seen;
  std::string name;  // the entry being read; empty outside one (or in one to ignore)
  bool understood = false, content = false;
  std::size_t pos = 0, line_no = 0, header_line = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    content = true;
    if (line.front() != ' ') {
      if (!name.empty()) out.skipped.push_back(fmt::format("entry at line {}: no version", header_line));
      name.clear();
      if (!line.ends_with(':')) continue;
      understood = true;
      const std::string_view header = line.substr(0, line.size() - 1);
      if (header == "__metadata" || IsLocal(header)) continue;
      name = std::string(DescriptorName(Unquote(header.substr(0, header.find(", ")))));
      header_line = line_no;
      continue;
    }
    if (name.empty() || !line.starts_with("  version")) continue;
    std::string_view value = line.substr(9);
    if (value.starts_with(':')) value.remove_prefix(1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    const std::string version(Unquote(value));
    if (version.empty() || name.empty()) {
      out.skipped.push_back(fmt::format("entry at line {}: empty name or version", header_line));
    } else if (seen.emplace(name, version).second) {
      Package p;
      p.name = name;
      p.version = version;
      p.ecosystem = "npm";
      out.packages.push_back(std::move(p));
    }
    name.clear();
  }
  if (!name.empty()) out.skipped.push_back(fmt::format("entry at line {}: no version", header_line));
  if (content && !understood) return Fail("yarn.lock has no entries (\"name@range:\" lines)");
  return out;
}

}  // namespace drydock
