// Package URL parsing, per the purl spec's "how to parse" section, and the purl -> Package mapping.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/ecosystem.h"
#include "common/package_name.h"
#include "source/sbom/sbom.h"

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
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// purl type -> drydock ecosystem (DESIGN.md's names).
constexpr std::pair<std::string_view, std::string_view> kEcosystems[] = {
    {"deb", "deb"},     {"apk", "apk"},       {"rpm", "rpm"},          {"npm", "npm"},
    {"pypi", "pypi"},   {"golang", "golang"}, {"maven", "maven"},      {"cargo", "cargo"},
    {"nuget", "nuget"}, {"gem", "gem"},       {"composer", "composer"}};

}  // namespace

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

Result<Package> PackageFromPurl(const Purl& purl, Distro* distro) {
  const auto* found = std::find_if(std::begin(kEcosystems), std::end(kEcosystems),
                                   [&](const auto& e) { return e.first == purl.type; });
  if (found == std::end(kEcosystems)) return Fail("purl type \"{}\" is not one drydock matches", purl.type);
  Package p{.version = purl.version, .ecosystem = std::string(found->second)};
  bool os = IsOsEcosystem(purl.type);
  // A language purl has no distro. drydock's catalog wrote some with one ("pkg:golang/debian/x?distro=12"),
  // and then the namespace is the distro's name, not part of the package's: reading them back needs it
  // dropped.
  const bool distro_namespace =
      !os && purl.qualifiers.contains("distro") && purl.name_space.find('/') == std::string::npos;
  const std::string name_space = distro_namespace ? "" : purl.name_space;
  // Each ecosystem's own spelling of a qualified name.
  if (purl.type == "maven" && !name_space.empty())
    p.name = name_space + ":" + purl.name;
  else if ((purl.type == "npm" || purl.type == "golang" || purl.type == "composer") && !name_space.empty())
    p.name = name_space + "/" + purl.name;
  else
    p.name = purl.name;
  if (auto arch = purl.qualifiers.find("arch"); arch != purl.qualifiers.end()) p.arch = arch->second;
  // Red Hat's module qualifier, as drydock and Red Hat's own purls write it: "perl-FCGI:0.78[:version:context]".
  if (auto module = purl.qualifiers.find("rpmmod"); purl.type == "rpm" && module != purl.qualifiers.end()) {
    p.module = RpmModuleStream(module->second);
  }
  if (auto upstream = purl.qualifiers.find("upstream"); upstream != purl.qualifiers.end()) {
    p.source_name = upstream->second.substr(0, upstream->second.find('@'));
  }
  if (os && distro != nullptr && distro->empty()) {
    if (auto d = purl.qualifiers.find("distro"); d != purl.qualifiers.end()) {
      // deb/rpm write "debian-12"; apk writes the release alone ("3.10.3") with the vendor as namespace.
      std::string value = d->second;
      std::size_t dash = value.find('-');
      if (purl.type != "apk" && dash != std::string::npos) {
        distro->family = Lower(value.substr(0, dash));
        distro->version = value.substr(dash + 1);
      } else {
        distro->family = Lower(purl.name_space);
        distro->version = value;
      }
    }
  }
  p.id = fmt::format("{}:{}@{}", p.ecosystem, p.name, p.version);
  if (!p.arch.empty()) p.id += ":" + p.arch;
  return p;
}

}  // namespace drydock
