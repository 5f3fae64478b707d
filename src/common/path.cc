#include "common/path.h"

#include <vector>

namespace drydock {
namespace {

// Splits on '/' and applies "." and ".."; `clamp_at_root` makes ".." at the root a no-op instead of an escape.
std::optional<std::string> Normalize(std::string_view path, bool clamp_at_root) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        if (clamp_at_root) continue;
        return std::nullopt;
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  return out;
}

}  // namespace

std::optional<std::string> NormalizePath(std::string_view path) { return Normalize(path, false); }

std::string_view ParentPath(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view PathBaseName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string ResolveLinkTarget(std::string_view link_path, std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = target;
  } else {
    joined = std::string(ParentPath(link_path)) + "/" + std::string(target);
  }
  return *Normalize(joined, true);
}

}  // namespace drydock
