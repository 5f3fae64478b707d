// go.mod, as the Go reference ("go.mod files") specifies it: one directive per line or a parenthesised
// block of them, `//` comments, tokens separated by blanks, and possibly quoted module paths.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/golang/golang.h"

namespace drydock {
namespace {

std::vector<std::string_view> Tokens(std::string_view line) {
  if (const std::size_t comment = line.find("//"); comment != std::string_view::npos) line = line.substr(0, comment);
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) {
      std::string_view token = line.substr(i, j - i);
      if (token.size() >= 2 && (token.front() == '"' || token.front() == '`') && token.back() == token.front()) {
        token = token.substr(1, token.size() - 2);
      }
      out.push_back(token);
    }
    i = j;
  }
  return out;
}

bool IsLocalPath(std::string_view p) {
  return p.starts_with("./") || p.starts_with("../") || p.starts_with("/") || p == "." || p == "..";
}

struct Replacement {
  std::string old_version;  // empty: every version
  std::string new_path;
  std::string new_version;  // empty for a local directory
};

}  // namespace

Result<ParsedPackages> ParseGoMod(std::string_view bytes) {
  if (bytes.size() > kMaxGoModBytes) return Fail("go.mod of {} bytes is over the {} byte limit", bytes.size(), kMaxGoModBytes);
  if (bytes.find('\0') != std::string_view::npos) return Fail("go.mod holds NUL bytes: not a text file");
  ParsedPackages out;
  std::vector<GoModule> requires_;
  std::multimap<std::string, Replacement> replaces;
  std::string block;  // the verb of the enclosing "verb (" block
  int number = 0;
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    std::vector<std::string_view> t = Tokens(line);
    if (t.empty()) continue;
    if (!block.empty() && t.size() == 1 && t[0] == ")") {
      block.clear();
      continue;
    }
    std::string verb = block;
    if (block.empty()) {
      verb = std::string(t[0]);
      t.erase(t.begin());
      if (t.size() == 1 && t[0] == "(") {
        block = verb;
        continue;
      }
    }
    if (verb == "require") {
      if (t.size() != 2) {
        out.skipped.push_back(fmt::format("line {}: require needs a module path and a version", number));
        continue;
      }
      requires_.push_back({std::string(t[0]), std::string(t[1])});
    } else if (verb == "replace") {
      // "old [v] => new [v]"
      std::size_t arrow = 0;
      while (arrow < t.size() && t[arrow] != "=>") ++arrow;
      const std::size_t right = t.size() - arrow - 1;
      if (arrow == t.size() || arrow < 1 || arrow > 2 || right < 1 || right > 2) {
        out.skipped.push_back(fmt::format("line {}: replace is not \"old [version] => new [version]\"", number));
        continue;
      }
      Replacement r{arrow == 2 ? std::string(t[1]) : "", std::string(t[arrow + 1]),
                    right == 2 ? std::string(t[arrow + 2]) : ""};
      if (r.new_version.empty() && !IsLocalPath(r.new_path)) {
        out.skipped.push_back(fmt::format("line {}: replacement module {} has no version", number, r.new_path));
        continue;
      }
      replaces.emplace(std::string(t[0]), std::move(r));
    }
    // module, go, toolchain, exclude, retract, godebug, tool: nothing to report
  }
  if (!block.empty()) out.skipped.push_back(fmt::format("{} block not closed at end of file", block));
  for (const GoModule& m : requires_) {
    // A versioned replacement beats an unversioned one, as in `go`.
    const Replacement* chosen = nullptr;
    auto [lo, hi] = replaces.equal_range(m.path);
    for (auto it = lo; it != hi; ++it) {
      if (it->second.old_version == m.version) chosen = &it->second;
      if (it->second.old_version.empty() && chosen == nullptr) chosen = &it->second;
    }
    Package p;
    p.ecosystem = "golang";
    if (chosen == nullptr) {
      p.name = m.path;
      p.version = m.version;
    } else if (chosen->new_version.empty()) {
      continue;  // built from a local directory: no released version to match
    } else {
      p.name = chosen->new_path;
      p.version = chosen->new_version;
    }
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
