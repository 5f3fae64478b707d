// FinishPackage: the report id and the package URL.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "catalog/catalog.h"
#include "catalog/purl.h"
#include "common/ecosystem.h"
#include "common/package_name.h"

namespace drydock {
namespace {

// How each ecosystem's purl is spelt: its purl type, and how the distro qualifier names the release
// (deb and rpm: "debian-12", "rhel-8.10"; apk: "3.10.3", following what Trivy and Syft emit and the spec's
// examples). Ecosystems not listed use their own name as the type.
struct PurlStyle {
  std::string_view ecosystem;
  std::string_view type;
  bool distro_has_family;
};
constexpr PurlStyle kPurlStyles[] = {{"deb", "deb", true}, {"apk", "apk", false}, {"rpm", "rpm", true}};

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

std::string PackageId(const Package& package) {
  const std::string name = package.ecosystem == "pypi" ? NormalizePypiName(package.name) : package.name;
  std::string id = fmt::format("{}:{}@{}", package.ecosystem, name, package.version);
  if (!package.arch.empty()) id += ":" + package.arch;
  return id;
}

void FinishPackage(Package& package, const Distro& os_distro) {
  // Only OS packages belong to the distro; "pkg:pypi/debian/flask" would name no real package.
  const bool os_package = IsOsEcosystem(package.ecosystem);
  const Distro distro = os_package ? os_distro : Distro{};
  package.id = PackageId(package);

  const PurlStyle fallback{package.ecosystem, package.ecosystem, false};
  const auto* style = std::find_if(std::begin(kPurlStyles), std::end(kPurlStyles),
                                   [&](const PurlStyle& s) { return s.ecosystem == package.ecosystem; });
  const PurlStyle& chosen = style == std::end(kPurlStyles) ? fallback : *style;
  // The name's own structure (an npm scope, a Composer vendor, a Go module path, a Maven group) becomes the
  // namespace in CanonicalPurl; OS types take the vendor as namespace, when the distro is known.
  Purl purl{.type = std::string(chosen.type), .name = package.name, .version = package.version};
  // purl-spec: a PyPI name is lower-cased with '_' as '-' ("Jinja2" -> "jinja2"), whatever the metadata wrote.
  if (package.ecosystem == "pypi") {
    for (char& c : purl.name) c = c == '_' ? '-' : (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  if (!distro.family.empty()) purl.name_space = Lower(distro.family);
  purl.qualifiers["arch"] = package.arch;
  if (!distro.family.empty()) purl.qualifiers["distro"] = DistroQualifier(distro, chosen);
  // Red Hat's own purls name an rpm's module stream so (rpmmod=, in its CSAF VEX files); it carries the
  // module through SPDX, which has no other place for it, and back in through the SBOM reader.
  purl.qualifiers["rpmmod"] = package.module;
  package.purl = FormatPurl(CanonicalPurl(std::move(purl)));
}

}  // namespace drydock
