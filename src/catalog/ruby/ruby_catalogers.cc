// Bindings for the Ruby parsers.
#include "catalog/ruby/ruby.h"

namespace drydock {

bool GemfileLockCataloger::Required(std::string_view path) const {
  return path == "Gemfile.lock" || path.ends_with("/Gemfile.lock") || path == "gems.locked" ||
         path.ends_with("/gems.locked");
}

Result<ParsedPackages> GemfileLockCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseGemfileLock(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

bool GemspecCataloger::Required(std::string_view path) const {
  if (!path.ends_with(".gemspec")) return false;
  return path.starts_with("specifications/") || path.find("/specifications/") != std::string_view::npos;
}

Result<ParsedPackages> GemspecCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseGemspec(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
