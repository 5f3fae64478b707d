// Gemfile.lock, as Bundler writes it: sections at column 0 (GEM, GIT, PATH, PLATFORMS, DEPENDENCIES, ...);
// inside GEM and GIT, "  specs:" lists each locked gem at four spaces ("    rails (4.1.1)") and its own
// requirements at six, which are constraints, not versions.
#include <string>

#include "catalog/ruby/ruby.h"

namespace drydock {
namespace {

bool PlainName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<ParsedPackages> ParseGemfileLock(std::string_view bytes) {
  if (bytes.size() > kMaxGemfileLockBytes) {
    return Fail("Gemfile.lock of {} bytes is over the {} byte limit", bytes.size(), kMaxGemfileLockBytes);
  }
  ParsedPackages out;
  bool gem_section = false, seen_section = false, in_specs = false;
  std::size_t pos = 0, line_no = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() != ' ') {
      seen_section |=
          line == "GEM" || line == "GIT" || line == "PATH" || line == "PLATFORMS" || line == "DEPENDENCIES";
      // PATH gems are local source trees: no release of that name and version to match.
      gem_section = line == "GEM" || line == "GIT";
      in_specs = false;
      continue;
    }
    if (!gem_section) continue;
    if (line == "  specs:") {
      in_specs = true;
      continue;
    }
    if (!in_specs || !line.starts_with("    ") || line.starts_with("     ")) continue;
    // "    nokogiri (1.13.10-x86_64-linux)": RubyGems versions have no '-', so one starts the platform.
    const std::string_view spec = line.substr(4);
    const std::size_t open = spec.find(" ("), close = spec.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open + 3 ||
        !PlainName(spec.substr(0, open))) {
      out.skipped.push_back(fmt::format("line {}: not \"name (version)\"", line_no));
      continue;
    }
    std::string_view version = spec.substr(open + 2, close - open - 2);
    version = version.substr(0, version.find('-'));
    Package p;
    p.name = std::string(spec.substr(0, open));
    p.version = std::string(version);
    p.ecosystem = "gem";
    out.packages.push_back(std::move(p));
  }
  if (!seen_section) return Fail("Gemfile.lock has no sections (GEM, PLATFORMS, ...)");
  return out;
}

}  // namespace drydock
