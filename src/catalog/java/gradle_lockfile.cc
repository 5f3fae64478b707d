#include "catalog/java/java.h"

namespace drydock {

Result<ParsedPackages> ParseGradleLockfile(std::string_view bytes) {
  if (bytes.size() > kMaxGradleLockfileBytes) {
    return Fail("gradle.lockfile of {} bytes is over the {} byte limit", bytes.size(), kMaxGradleLockfileBytes);
  }
  if (bytes.find('\0') != std::string_view::npos) return Fail("gradle.lockfile holds NUL bytes: not text");
  ParsedPackages out;
  int number = 0;
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#') || line.starts_with("empty=")) continue;
    const std::string_view coordinate = line.substr(0, line.find('='));
    const std::size_t first = coordinate.find(':'), second = coordinate.find(':', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos ||
        coordinate.find(':', second + 1) != std::string_view::npos || first == 0 || second == first + 1 ||
        second + 1 == coordinate.size()) {
      out.skipped.push_back(fmt::format("line {}: not \"group:artifact:version=...\"", number));
      continue;
    }
    Package p;
    p.name = std::string(coordinate.substr(0, second));
    p.version = std::string(coordinate.substr(second + 1));
    p.ecosystem = "maven";
    out.packages.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock
