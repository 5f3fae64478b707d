// Ruby catalogers: the gemspecs RubyGems writes for each installed gem
// (specifications/<name>-<version>.gemspec). Packages use ecosystem "gem" and the gem name as written
// (RubyGems names are case-sensitive).
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// RubyGems' generated gemspecs are a few KB; a hand-written one with a long file list, tens of KB.
inline constexpr std::size_t kMaxGemspecBytes = 1 << 20;

// Reads the assignments of a `Gem::Specification.new do |s|` block line by line, without running Ruby:
// `s.name = "x".freeze`, `s.version = "1.2.3"` or `Gem::Version.new("1.2.3")` or a top-level constant
// (`VERSION = '1.2.3'`), `s.license = "MIT"` / `s.licenses = ["MIT".freeze, ...]`. A gemspec whose name or
// version is computed (method calls, interpolation) is an Error naming what was missing.
Result<ParsedPackages> ParseGemspec(std::string_view bytes);

class GemspecCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "gemspec"; }
  std::string_view Version() const override { return "1"; }
  // Any *.gemspec under a specifications/ directory (gems install there; a project's own gemspec is source).
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
