// FinishPackage: the report id and the package URL (github.com/package-url/purl-spec).
#include "catalog/purl.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "catalog/catalog.h"
#include "common/ecosystem.h"

namespace drydock {
namespace {

// How each ecosystem's purl is spelt: its purl type, and how the distro qualifier names the release
// (deb: "debian-12", apk: "3.10.3", following what Trivy and Syft emit).
struct PurlStyle {
  std::string_view ecosystem;
  std::string_view type;
  bool distro_has_family;
};
constexpr PurlStyle kPurlStyles[] = {{"deb", "deb", true}, {"apk", "apk", false}};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::string DistroQualifier(const Distro& distro, const PurlStyle& style) {
  const std::string& release = distro.version.empty() ? distro.codename : distro.version;
  if (release.empty()) return "";
  return style.distro_has_family ? fmt::format("{}-{}", Lower(distro.family), release) : release;
}

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

void FinishPackage(Package& package, const Distro& os_distro) {
  // Only OS packages belong to the distro; "pkg:pypi/debian/flask" would name no real package.
  const bool os_package = IsOsEcosystem(package.ecosystem);
  const Distro distro = os_package ? os_distro : Distro{};
  package.id = fmt::format("{}:{}@{}", package.ecosystem, package.name, package.version);
  if (!package.arch.empty()) package.id += ":" + package.arch;

  const PurlStyle fallback{package.ecosystem, package.ecosystem, false};
  const auto* style = std::find_if(std::begin(kPurlStyles), std::end(kPurlStyles),
                                   [&](const PurlStyle& s) { return s.ecosystem == package.ecosystem; });
  const PurlStyle& chosen = style == std::end(kPurlStyles) ? fallback : *style;
  std::string purl = fmt::format("pkg:{}/", chosen.type);
  // purl types deb and apk want the vendor as namespace; without a known distro there is none to give.
  if (!distro.family.empty()) purl += PurlEncode(Lower(distro.family)) + "/";
  // npm scopes and Composer vendors are the purl namespace: "@babel/parser" -> "%40babel/parser", the '/' kept.
  const std::size_t slash = package.name.rfind('/');
  if ((package.ecosystem == "npm" || package.ecosystem == "composer") && slash != std::string::npos) {
    purl += PurlEncode(std::string_view(package.name).substr(0, slash)) + "/" +
            PurlEncode(std::string_view(package.name).substr(slash + 1));
  } else {
    purl += PurlEncode(package.name);
  }
  if (!package.version.empty()) purl += "@" + PurlEncode(package.version);
  // Qualifier keys sorted, as the spec's canonical form requires: arch < distro < rpmmod.
  char separator = '?';
  if (!package.arch.empty()) {
    purl += fmt::format("{}arch={}", separator, PurlEncode(package.arch));
    separator = '&';
  }
  if (const std::string release = DistroQualifier(distro, chosen);
      !release.empty() && !distro.family.empty()) {
    purl += fmt::format("{}distro={}", separator, PurlEncode(release));
    separator = '&';
  }
  // Red Hat's own purls name an rpm's module stream so (rpmmod=, in its CSAF VEX files); it carries the
  // module through SPDX, which has no other place for it, and back in through the SBOM reader.
  if (!package.module.empty()) purl += fmt::format("{}rpmmod={}", separator, PurlEncode(package.module));
  package.purl = std::move(purl);
}

}  // namespace drydock
