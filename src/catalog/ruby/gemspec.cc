// A line reader for the gemspecs `gem install` writes (Gem::Specification#to_ruby): one `s.attr = value` per
// line, values as string literals, arrays of them, or Gem::Version.new(literal). Anything else is computed
// Ruby, which this deliberately does not evaluate.
#include <map>
#include <string>
#include <vector>

#include "catalog/ruby/ruby.h"
#include "common/text.h"

namespace drydock {
namespace {

// Every "..." or '...' literal in `value`, in order; nullopt when one uses interpolation ("#{...}").
std::optional<std::vector<std::string>> Literals(std::string_view value) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char quote = value[i];
    if (quote != '"' && quote != '\'') continue;
    std::string text;
    std::size_t j = i + 1;
    for (; j < value.size() && value[j] != quote; ++j) {
      if (value[j] == '\\' && j + 1 < value.size())
        ++j;
      else if (quote == '"' && value[j] == '#' && j + 1 < value.size() && value[j + 1] == '{')
        return std::nullopt;
      text.push_back(value[j]);
    }
    if (j == value.size()) return std::nullopt;  // unterminated
    out.push_back(std::move(text));
    i = j;
  }
  return out;
}

// "Gem::Specification.new do |spec|" -> "spec".
std::optional<std::string> BlockVariable(std::string_view line) {
  if (line.find("Gem::Specification.new") == std::string_view::npos) return std::nullopt;
  const std::size_t open = line.find('|'),
                    close = open == std::string_view::npos ? open : line.find('|', open + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(Trim(line.substr(open + 1, close - open - 1)));
}

bool Plain(std::string_view text, std::string_view extra) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<ParsedPackages> ParseGemspec(std::string_view bytes) {
  if (bytes.size() > kMaxGemspecBytes) {
    return Fail("gemspec of {} bytes is over the {} byte limit", bytes.size(), kMaxGemspecBytes);
  }
  std::map<std::string, std::string, std::less<>> constants;  // VERSION = '1.2.3' before the block
  std::optional<std::string> variable;
  std::optional<std::string> name, version;
  Package p;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view line = Trim(bytes.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty() || line.front() == '#') continue;
    if (!variable) {
      variable = BlockVariable(line);
      const std::size_t eq = line.find(" = ");
      if (!variable && eq != std::string_view::npos && Plain(line.substr(0, eq), "_")) {
        auto literals = Literals(line.substr(eq + 3));
        if (literals && literals->size() == 1) constants[std::string(line.substr(0, eq))] = (*literals)[0];
      }
      continue;
    }
    if (!line.starts_with(*variable + ".")) continue;
    const std::string_view assignment = line.substr(variable->size() + 1);
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view attr = Trim(assignment.substr(0, eq));
    std::string_view value = Trim(assignment.substr(eq + 1));
    value = value.substr(0, value.find(" if "));  // "... if s.respond_to? :x="
    if (attr != "name" && attr != "version" && attr != "license" && attr != "licenses") continue;
    auto literals = Literals(value);
    if (literals && literals->empty()) {
      if (auto constant = constants.find(Trim(value)); constant != constants.end())
        literals->push_back(constant->second);
    }
    if (!literals || literals->empty()) continue;  // computed: reported below if it was the name or version
    if (attr == "name")
      name = (*literals)[0];
    else if (attr == "version")
      version = (*literals)[0];
    else
      p.licenses.insert(p.licenses.end(), literals->begin(), literals->end());
  }
  if (!variable) return Fail("gemspec: no Gem::Specification.new block");
  if (!name || !Plain(*name, "._-")) return Fail("gemspec: no literal name (s.name = \"...\")");
  if (!version || !Plain(*version, ".-+_"))
    return Fail("gemspec {}: no literal version (s.version = \"...\")", *name);
  p.name = std::move(*name);
  p.version = std::move(*version);
  p.ecosystem = "gem";
  ParsedPackages out;
  out.packages.push_back(std::move(p));
  return out;
}

}  // namespace drydock
