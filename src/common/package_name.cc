#include "common/package_name.h"

namespace drydock {

std::string NormalizePypiName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_separator_run = false;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_separator_run) out.push_back('-');
      in_separator_run = true;
      continue;
    }
    in_separator_run = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
  }
  return out;
}

}  // namespace drydock
