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

namespace {

bool IsModuleField(std::string_view field) {
  if (field.empty()) return false;
  for (const char c : field) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string RpmModuleStream(std::string_view label) {
  const std::size_t first = label.find(':');
  if (first == std::string_view::npos) return "";
  const std::string_view name = label.substr(0, first);
  std::string_view stream = label.substr(first + 1);
  stream = stream.substr(0, stream.find(':'));
  if (!IsModuleField(name) || !IsModuleField(stream)) return "";
  return std::string(label.substr(0, first + 1 + stream.size()));
}

std::string ModularPackageKey(std::string_view module_stream, std::string_view name) {
  std::string key(module_stream);
  key += "::";
  key += name;
  return key;
}

}  // namespace drydock
