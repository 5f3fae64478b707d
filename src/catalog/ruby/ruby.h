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
inline constexpr std::size_t kMaxGemfileLockBytes = 16 << 20;

// Reads the assignments of a `Gem::Specification.new do |s|` block line by line, without running Ruby:
// `s.name = "x".freeze`, `s.version = "1.2.3"` or `Gem::Version.new("1.2.3")` or a top-level constant
// (`VERSION = '1.2.3'`), `s.license = "MIT"` / `s.licenses = ["MIT".freeze, ...]`. A gemspec whose name or
// version is computed (method calls, interpolation) is an Error naming what was missing.
Result<ParsedPackages> ParseGemspec(std::string_view bytes);

// Gemfile.lock: every gem in the GEM and GIT sections' specs (PATH gems are local code). A file with no
// section headers at all is an Error; a malformed spec line is listed in `skipped`.
Result<ParsedPackages> ParseGemfileLock(std::string_view bytes);

class GemfileLockCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "gemfile-lock"; }
  std::string_view Version() const override { return "1"; }
  bool Required(
      std::string_view path) const override;  // Gemfile.lock, and gems.locked (Bundler 2's other name)
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

class GemspecCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "gemspec"; }
  std::string_view Version() const override { return "1"; }
  // Any *.gemspec under a specifications/ directory (gems install there; a project's own gemspec is source).
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
