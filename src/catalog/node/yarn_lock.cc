// yarn.lock. v1 is yarn's own indentation format: an unindented line lists the specs an entry satisfies
// ("a@^1.0.0", "a@^1.1.0":), indented lines carry `version "1.2.3"` and a `dependencies:` block. Berry
// (yarn 2+) writes YAML whose entries carry `resolution: "name@npm:1.2.3"`. Both go into one entry list, so
// dev marking (yarn_dev.cc) works on either.
#include "catalog/node/yarn_entries.h"

#include "catalog/records.h"
#include "catalog/structured_doc.h"

namespace drydock {
namespace {

std::string_view Unquote(std::string_view text) {
  text = TrimBlanks(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return text;
}

// Semver ranges hold no ':'; file:, link:, workspace:, patch:, git+https:, github: name local or VCS code.
bool IsRegistryRange(std::string_view range) { return range.find(':') == std::string_view::npos; }

// v1: an entry's header, version and dependency lines -> a YarnEntry (name empty when unusable).
YarnEntry V1Entry(std::string_view header, std::string_view version, const std::vector<std::string>& deps) {
  YarnEntry entry{.dependencies = deps};
  for (std::size_t start = 0; start <= header.size();) {
    std::size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    entry.specs.push_back(CanonicalSpec(Unquote(header.substr(start, comma - start))));
    start = comma + 1;
  }
  const std::string_view first = entry.specs.front();
  std::string_view name = SpecName(first);
  const std::string_view range = name.empty() ? std::string_view() : first.substr(name.size() + 1);
  if (range.starts_with("npm:") && !SpecName(range.substr(4)).empty()) {
    name = SpecName(range.substr(4));  // "alias@npm:real@^1": the package installed is `real`
  } else if (!IsRegistryRange(range)) {
    return entry;
  }
  entry.name = std::string(name);
  entry.version = std::string(version);
  return entry;
}

Result<std::vector<YarnEntry>> ParseV1(std::string_view bytes, std::vector<std::string>& skipped) {
  if (!IsValidUtf8(bytes)) return Fail("yarn.lock is not valid UTF-8");
  std::vector<YarnEntry> entries;
  std::string_view header, version;
  std::vector<std::string> deps;
  bool in_deps = false;
  std::size_t header_line = 0, number = 0;
  auto finish = [&] {
    if (header.empty()) return;
    YarnEntry entry = V1Entry(header, version, deps);
    if (version.empty()) skipped.push_back(fmt::format("entry at line {}: no version", header_line));
    if (!entry.name.empty() && !version.empty()) entries.push_back(std::move(entry));
    header = {}, version = {}, deps.clear(), in_deps = false;
  };
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (TrimBlanks(line).empty() || line.starts_with('#')) continue;
    const std::string_view field = TrimBlanks(line);
    if (line[0] != ' ' && line[0] != '\t') {
      finish();
      if (!line.ends_with(':')) return Fail("yarn.lock line {}: not an entry header", number);
      header = line.substr(0, line.size() - 1), header_line = number;
    } else if (line.starts_with("    ") && in_deps) {  // `name "range"` under dependencies:
      const std::size_t space = field.find(' ');
      if (space != std::string_view::npos) {
        deps.push_back(CanonicalSpec(std::string(Unquote(field.substr(0, space))) + "@" +
                                     std::string(Unquote(field.substr(space + 1)))));
      }
    } else if (!line.starts_with("   ")) {  // the entry's own fields, two-space indent
      in_deps = field == "dependencies:" || field == "optionalDependencies:";
      // Yarn writes `version "1.2.3"`; lockfiles npm rewrote quote the key too.
      if (field.starts_with("version ") || field.starts_with("\"version\" ")) {
        version = Unquote(field.substr(field.find(' ')));
      }
    }
  }
  finish();
  return entries;
}

Result<std::vector<YarnEntry>> ParseBerry(std::string_view bytes, std::vector<std::string>& skipped) {
  auto doc = ParseYamlDoc(bytes, kMaxNodeLockBytes, "yarn.lock");
  if (!doc) return std::unexpected(doc.error());
  if (!doc->IsMap()) return Fail("yarn.lock is not a YAML mapping");
  std::vector<YarnEntry> entries;
  for (const auto& item : *doc) {
    const std::string key = item.first.Scalar();
    if (key == "__metadata") continue;
    const YAML::Node& body = item.second;
    if (!body.IsMap() || !body["resolution"] || !body["resolution"].IsScalar()) {
      skipped.push_back(fmt::format("entry \"{}\": no resolution", key));
      continue;
    }
    YarnEntry entry;
    for (std::size_t start = 0; start <= key.size();) {
      std::size_t comma = key.find(',', start);
      if (comma == std::string::npos) comma = key.size();
      entry.specs.push_back(CanonicalSpec(TrimBlanks(std::string_view(key).substr(start, comma - start))));
      start = comma + 1;
    }
    if (const YAML::Node deps = body["dependencies"]; deps && deps.IsMap()) {
      for (const auto& dep : deps) {
        if (dep.second.IsScalar()) entry.dependencies.push_back(CanonicalSpec(dep.first.Scalar() + "@" + dep.second.Scalar()));
      }
    }
    // "name@npm:1.2.3"; workspace:, patch:, git and file resolutions are local code or patched copies.
    const std::string& resolution = body["resolution"].Scalar();
    const std::string_view name = SpecName(resolution);
    if (name.empty() || std::string_view(resolution).substr(name.size() + 1).rfind("npm:", 0) != 0) continue;
    entry.name = std::string(name);
    entry.version = resolution.substr(name.size() + 5);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::string_view SpecName(std::string_view spec) {
  const std::size_t at = spec.find('@', 1);
  return at == std::string_view::npos ? std::string_view() : spec.substr(0, at);
}

std::string CanonicalSpec(std::string_view spec) {
  const std::string_view name = SpecName(spec);
  if (name.empty()) return std::string(spec);
  std::string_view range = spec.substr(name.size() + 1);
  if (range.starts_with("npm:") && SpecName(range.substr(4)).empty()) range.remove_prefix(4);  // berry's default
  return std::string(name) + "@" + std::string(range);
}

Result<std::vector<YarnEntry>> ParseYarnEntries(std::string_view bytes, std::vector<std::string>& skipped) {
  if (bytes.size() > kMaxNodeLockBytes) {
    return Fail("yarn.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxNodeLockBytes);
  }
  if (bytes.find("\n__metadata:") != std::string_view::npos || bytes.starts_with("__metadata:")) {
    return ParseBerry(bytes, skipped);
  }
  return ParseV1(bytes, skipped);
}

}  // namespace drydock
