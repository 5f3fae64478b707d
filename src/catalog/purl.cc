// Package URL parsing, canonical formatting and comparison keys.
#include "catalog/purl.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/package_name.h"

namespace drydock {
namespace {

Result<std::string> Decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return Fail("bad percent-encoding in \"{}\"", text);
    }
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Types whose versions carry an epoch, which the spec moves into an `epoch` qualifier.
bool HasEpochs(std::string_view type) { return type == "rpm" || type == "deb"; }

// Types whose package manager treats names (and namespaces) spelt in any case as one package.
bool CaseInsensitive(std::string_view type) {
  return type == "pypi" || type == "composer" || type == "nuget" || type == "npm" || type == "hex" ||
         type == "pub" || type == "conan" || type == "github" || type == "bitbucket";
}

// OS types: the namespace is the vendor, lower-cased by the spec ("Debian" and "debian" are one).
bool VendorNamespace(std::string_view type) { return type == "deb" || type == "apk" || type == "rpm" || type == "alpm"; }

}  // namespace

std::string PurlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Result<Purl> ParsePurl(std::string_view text) {
  if (text.size() > kMaxPurlBytes)
    return Fail("purl of {} bytes is over the {}-byte limit", text.size(), kMaxPurlBytes);
  if (!text.starts_with("pkg:")) return Fail("\"{}\" is not a purl (no pkg: scheme)", text);
  std::string_view rest = text.substr(4);
  while (rest.starts_with('/')) rest.remove_prefix(1);
  Purl purl;
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    auto subpath = Decode(rest.substr(hash + 1));
    if (!subpath) return std::unexpected(subpath.error());
    purl.subpath = *subpath;
    rest = rest.substr(0, hash);
  }
  if (std::size_t question = rest.find('?'); question != std::string_view::npos) {
    std::string_view qualifiers = rest.substr(question + 1);
    rest = rest.substr(0, question);
    for (std::size_t start = 0; start <= qualifiers.size();) {
      std::size_t amp = std::min(qualifiers.find('&', start), qualifiers.size());
      std::string_view pair = qualifiers.substr(start, amp - start);
      start = amp + 1;
      if (pair.empty()) continue;
      std::size_t equals = pair.find('=');
      if (equals == std::string_view::npos || equals == 0)
        return Fail("purl qualifier \"{}\" has no key=value", pair);
      auto value = Decode(pair.substr(equals + 1));
      if (!value) return std::unexpected(value.error());
      purl.qualifiers[Lower(std::string(pair.substr(0, equals)))] = *value;
    }
  }
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return Fail("purl \"{}\" has no type/name", text);
  purl.type = Lower(std::string(rest.substr(0, slash)));
  rest = rest.substr(slash + 1);
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    auto version = Decode(rest.substr(at + 1));
    if (!version) return std::unexpected(version.error());
    purl.version = *version;
    rest = rest.substr(0, at);
  }
  while (rest.ends_with('/')) rest.remove_suffix(1);
  std::size_t last = rest.rfind('/');
  auto name = Decode(last == std::string_view::npos ? rest : rest.substr(last + 1));
  if (!name) return std::unexpected(name.error());
  if (name->empty()) return Fail("purl \"{}\" has no name", text);
  purl.name = *name;
  if (last != std::string_view::npos) {
    auto name_space = Decode(rest.substr(0, last));
    if (!name_space) return std::unexpected(name_space.error());
    purl.name_space = *name_space;
  }
  return purl;
}

Purl CanonicalPurl(Purl purl) {
  if (std::size_t slash = purl.name.rfind('/'); slash != std::string::npos && slash + 1 < purl.name.size()) {
    purl.name_space += (purl.name_space.empty() ? "" : "/") + purl.name.substr(0, slash);
    purl.name.erase(0, slash + 1);
  }
  if (std::size_t colon = purl.name.find(':');
      purl.type == "maven" && purl.name_space.empty() && colon != std::string::npos && colon > 0) {
    purl.name_space = purl.name.substr(0, colon);
    purl.name.erase(0, colon + 1);
  }
  if (std::size_t colon = purl.version.find(':'); HasEpochs(purl.type) && colon != std::string::npos &&
      colon > 0 && std::all_of(purl.version.begin(), purl.version.begin() + static_cast<long>(colon),
                               [](unsigned char c) { return std::isdigit(c); })) {
    purl.qualifiers["epoch"] = purl.version.substr(0, colon);
    purl.version.erase(0, colon + 1);
  }
  return purl;
}

std::string FormatPurl(const Purl& purl) {
  std::string out = "pkg:" + purl.type + "/";
  for (std::size_t start = 0; start < purl.name_space.size();) {
    std::size_t slash = std::min(purl.name_space.find('/', start), purl.name_space.size());
    if (slash > start) out += PurlEncode(std::string_view(purl.name_space).substr(start, slash - start)) + "/";
    start = slash + 1;
  }
  out += PurlEncode(purl.name);
  if (!purl.version.empty()) out += "@" + PurlEncode(purl.version);
  char separator = '?';
  for (const auto& [key, value] : purl.qualifiers) {  // std::map: sorted by key, as the spec requires
    if (value.empty()) continue;
    out += fmt::format("{}{}={}", separator, key, PurlEncode(value));
    separator = '&';
  }
  if (!purl.subpath.empty()) {  // segments encoded one by one, '/' kept between them
    out += '#';
    for (std::size_t start = 0; start <= purl.subpath.size();) {
      std::size_t slash = std::min(purl.subpath.find('/', start), purl.subpath.size());
      out += PurlEncode(std::string_view(purl.subpath).substr(start, slash - start));
      if (slash < purl.subpath.size()) out += '/';
      start = slash + 1;
    }
  }
  return out;
}

Result<PurlKey> PurlKeyOf(std::string_view text) {
  auto parsed = ParsePurl(text);
  if (!parsed) return std::unexpected(parsed.error());
  Purl purl = CanonicalPurl(std::move(*parsed));
  if (auto epoch = purl.qualifiers.find("epoch"); epoch != purl.qualifiers.end() && !purl.version.empty()) {
    // Epoch 0 is no epoch: rpm and dpkg order "0:1.0" and "1.0" as equal.
    if (epoch->second.find_first_not_of('0') != std::string::npos) purl.version = epoch->second + ":" + purl.version;
  }
  if (purl.type == "pypi") purl.name = NormalizePypiName(purl.name);
  if (CaseInsensitive(purl.type)) {
    purl.name = Lower(purl.name);
    purl.name_space = Lower(purl.name_space);
  } else if (VendorNamespace(purl.type)) {
    purl.name_space = Lower(purl.name_space);
  }
  PurlKey key{.version = purl.version};
  purl.version.clear();
  purl.qualifiers.clear();
  purl.subpath.clear();
  key.base = FormatPurl(purl);
  return key;
}

}  // namespace drydock
