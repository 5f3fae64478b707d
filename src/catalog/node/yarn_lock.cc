// yarn.lock. v1 is yarn's own indentation format: an unindented line lists the specs an entry satisfies
// ("a@^1.0.0", "a@^1.1.0":) and the indented lines under it carry `version "1.2.3"`. Berry (yarn 2+) writes
// YAML whose entries carry `resolution: "name@npm:1.2.3"`.
#include <map>
#include <string>

#include "catalog/node/node.h"
#include "catalog/records.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

std::string_view Unquote(std::string_view text) {
  text = TrimBlanks(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

// "name@range" or "@scope/name@range" -> name; the separating '@' is the first one after the name's start.
std::string_view SpecName(std::string_view spec) {
  const std::size_t at = spec.find('@', 1);
  return at == std::string_view::npos ? std::string_view() : spec.substr(0, at);
}

struct Collect {
  ParsedPackages out;
  std::map<std::pair<std::string, std::string>, bool> seen;

  void Add(std::string_view name, std::string_view version) {
    if (!seen.emplace(std::pair(std::string(name), std::string(version)), true).second) return;
    Package p;
    p.name = std::string(name);
    p.version = std::string(version);
    p.ecosystem = "npm";
    out.packages.push_back(std::move(p));
  }
};

// v1 entry: `header` is the unindented line; `version` the value of its version line.
void AddV1(std::string_view header, std::string_view version, std::size_t line, Collect& c) {
  std::string_view first = header.substr(0, header.find(','));
  first = Unquote(first);
  const std::string_view name = SpecName(first);
  const std::string_view range = name.empty() ? std::string_view() : first.substr(name.size() + 1);
  if (name.empty() || version.empty()) {
    c.out.skipped.push_back(fmt::format("entry at line {}: no name or version", line));
    return;
  }
  // "alias@npm:real@^1": the package installed is `real`.
  if (range.starts_with("npm:")) {
    const std::string_view real = SpecName(range.substr(4));
    if (!real.empty()) return c.Add(real, version);
  }
  // Semver ranges hold no ':'; file:, link:, workspace:, git+https:, github: name local or VCS code.
  if (range.find(':') != std::string_view::npos) return;
  c.Add(name, version);
}

Result<ParsedPackages> ParseV1(std::string_view bytes) {
  if (!IsValidUtf8(bytes)) return Fail("yarn.lock is not valid UTF-8");
  Collect c;
  std::string_view header;
  std::string_view version;
  std::size_t header_line = 0, number = 0;
  auto finish = [&] {
    if (!header.empty()) AddV1(header, version, header_line, c);
    header = {}, version = {};
  };
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (TrimBlanks(line).empty() || line.starts_with('#')) continue;
    if (line[0] != ' ' && line[0] != '\t') {
      finish();
      if (!line.ends_with(':')) return Fail("yarn.lock line {}: not an entry header", number);
      header = line.substr(0, line.size() - 1), header_line = number;
    } else if (std::string_view field = TrimBlanks(line);
               field.starts_with("version ") || field.starts_with("\"version\" ")) {
      // Only the entry's own version line (two-space indent), not a nested dependency named "version".
      // Yarn writes the key bare; lockfiles npm rewrote quote it.
      if (line.starts_with("  ") && !line.starts_with("   ")) version = Unquote(field.substr(field.find(' ')));
    }
  }
  finish();
  return std::move(c.out);
}

Result<ParsedPackages> ParseBerry(std::string_view bytes) {
  auto doc = ParseYamlDoc(bytes, kMaxNodeLockBytes, "yarn.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->IsMap()) return Fail("yarn.lock is not a YAML mapping");
  Collect c;
  for (const auto& entry : *doc) {
    const std::string key = entry.first.Scalar();
    if (key == "__metadata") continue;
    const YAML::Node& body = entry.second;
    if (!body.IsMap() || !body["resolution"] || !body["resolution"].IsScalar()) {
      c.out.skipped.push_back(fmt::format("entry \"{}\": no resolution", key));
      continue;
    }
    // "name@npm:1.2.3"; workspace:, patch:, git and file resolutions are local code or patched copies.
    const std::string& resolution = body["resolution"].Scalar();
    const std::string_view name = SpecName(resolution);
    if (name.empty() || std::string_view(resolution).substr(name.size() + 1).rfind("npm:", 0) != 0) continue;
    c.Add(name, std::string_view(resolution).substr(name.size() + 5));
  }
  return std::move(c.out);
}

}  // namespace

Result<ParsedPackages> ParseYarnLock(std::string_view bytes) {
  if (bytes.size() > kMaxNodeLockBytes) {
    return Fail("yarn.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxNodeLockBytes);
  }
  if (bytes.find("\n__metadata:") != std::string_view::npos || bytes.starts_with("__metadata:")) {
    return ParseBerry(bytes);
  }
  return ParseV1(bytes);
}

}  // namespace drydock
