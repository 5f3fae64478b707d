#include "catalog/java/java.h"

namespace drydock {

std::map<std::string, std::string, std::less<>> ParseManifest(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty()) out.emplace(std::move(name), std::move(value));
    name.clear();
    value.clear();
  };
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) {
      flush();
      break;  // the main section ends at the first blank line
    }
    if (line.front() == ' ') {
      if (!name.empty()) value += line.substr(1);
      continue;
    }
    flush();
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) continue;
    name = std::string(line.substr(0, colon));
    value = std::string(line.substr(colon + 2));
  }
  flush();
  return out;
}

}  // namespace drydock
