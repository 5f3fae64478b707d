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

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
  return out;
}

// "https://github.com/Apple/swift-nio.git" -> "github.com/apple/swift-nio": Swift Package Manager identifies a
// package by its URL, and GitHub (where nearly all of them live) ignores case in owner and repository names.
std::string SwiftUrlName(std::string_view url) {
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  if (url.starts_with("git@")) url.remove_prefix(4);  // scp-like "git@github.com:owner/repo.git"
  while (url.ends_with('/')) url.remove_suffix(1);
  if (url.ends_with(".git")) url.remove_suffix(4);
  std::string out = Lowercase(url);
  if (std::size_t colon = out.find(':'); colon != std::string::npos && out.find('/') > colon) out[colon] = '/';
  return out;
}

}  // namespace

std::string NormalizeOsvPackageName(std::string_view osv_ecosystem, std::string_view name) {
  if (osv_ecosystem == "PyPI") return NormalizePypiName(name);
  if (osv_ecosystem == "NuGet" || osv_ecosystem == "Packagist" || osv_ecosystem == "Pub" || osv_ecosystem == "Hex" ||
      osv_ecosystem == "ConanCenter") {
    return Lowercase(name);
  }
  if (osv_ecosystem == "SwiftURL") return SwiftUrlName(name);
  return std::string(name);
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
