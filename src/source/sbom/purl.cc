// The purl -> Package mapping (parsing lives in catalog/purl.cc).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "catalog/catalog.h"
#include "common/ecosystem.h"
#include "common/package_name.h"
#include "source/sbom/sbom.h"

namespace drydock {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// purl type -> drydock ecosystem (DESIGN.md's names).
constexpr std::pair<std::string_view, std::string_view> kEcosystems[] = {
    {"deb", "deb"},     {"apk", "apk"},       {"rpm", "rpm"},          {"npm", "npm"},
    {"pypi", "pypi"},   {"golang", "golang"}, {"maven", "maven"},      {"cargo", "cargo"},
    {"nuget", "nuget"}, {"gem", "gem"},       {"composer", "composer"}, {"pub", "pub"},
    {"hex", "hex"},     {"swift", "swift"},   {"conan", "conan"},     {"julia", "julia"},
    {"conda", "conda"}, {"k8s", "k8s"}};

// Types whose names are paths ("github.com/apple/swift-nio"): the namespace is part of the name.
bool PathNamed(std::string_view type) {
  return type == "npm" || type == "golang" || type == "composer" || type == "swift" || type == "k8s";
}

}  // namespace

Result<Package> PackageFromPurl(const Purl& purl, Distro* distro) {
  const auto* found = std::find_if(std::begin(kEcosystems), std::end(kEcosystems),
                                   [&](const auto& e) { return e.first == purl.type; });
  if (purl.type == "oci" || purl.type == "docker") {
    return Fail("a container image ({}): scan it with drydock image", purl.name);
  }
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
  else if (PathNamed(purl.type) && !name_space.empty())
    p.name = name_space + "/" + purl.name;
  else
    p.name = purl.name;
  // rpm and deb purls carry the epoch as a qualifier (Trivy, Syft and Red Hat write it so): without it
  // "1:1.0.2k-21.el7" would read as "1.0.2k-21.el7", older than every fix of epoch 1. Epoch 0 is kept too,
  // so a package drydock wrote comes back with the id it had.
  if (auto epoch = purl.qualifiers.find("epoch"); (purl.type == "rpm" || purl.type == "deb") &&
                                                  epoch != purl.qualifiers.end() && !purl.version.empty() &&
                                                  purl.version.find(':') == std::string::npos) {
    if (epoch->second.empty() || epoch->second.find_first_not_of("0123456789") != std::string::npos) {
      return Fail("purl epoch \"{}\" is not a number", epoch->second);
    }
    p.version = epoch->second + ":" + purl.version;
  }
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
  p.id = PackageId(p);
  return p;
}

}  // namespace drydock
