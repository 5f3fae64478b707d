// Distro (from os-release) -> the DB ecosystem key its advisories are filed under.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "match/matcher.h"

namespace drydock {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

// The first `count` dot-separated fields of `version`: ("3.10.3", 2) -> "3.10".
std::string_view LeadingFields(std::string_view version, int count) {
  std::size_t from = 0;
  for (int i = 1; i <= count; ++i) {
    const std::size_t dot = version.find('.', from);
    if (dot == std::string_view::npos) break;
    if (i == count) return version.substr(0, dot);
    from = dot + 1;
  }
  return version;
}

bool IsNumber(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Alpine files advisories per minor release ("v3.10"). Edge images report the next release with an
// _alpha snapshot suffix ("3.21.0_alpha20240807"), which has no release branch, so they use "edge".
std::string AlpineEcosystem(std::string_view version) {
  if (version.empty()) return "";
  if (version == "edge" || version.find("_alpha") != std::string_view::npos) return "Alpine:edge";
  const std::string_view minor = LeadingFields(version, 2);
  if (minor.find('.') == std::string_view::npos) return "";  // "3" alone names no branch
  return fmt::format("Alpine:v{}", minor);
}

// Debian testing and sid carry no VERSION_ID; a known codename still names the release the security
// tracker files them under. sid has no release number, so it has no key.
constexpr std::pair<std::string_view, std::string_view> kDebianCodenames[] = {
    {"jessie", "8"},    {"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"},
    {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},
};

std::string DebianEcosystem(const Distro& distro) {
  std::string_view major = LeadingFields(distro.version, 1);
  if (!IsNumber(major)) {
    major = {};
    for (const auto& [codename, number] : kDebianCodenames) {
      if (codename == distro.codename) major = number;
    }
  }
  if (major.empty()) return "";
  return fmt::format("Debian:{}", major);
}

// Ubuntu advisories name the full YY.MM release ("22.04"); point releases share it ("22.04.3" is rare but
// seen in derived images).
std::string UbuntuEcosystem(std::string_view version) {
  const std::string_view release = LeadingFields(version, 2);
  if (release.find('.') == std::string_view::npos) return "";
  return fmt::format("Ubuntu:{}", release);
}

// RPM distributions file advisories per major release: Red Hat's CSAF VEX feed under "Red Hat:9" (see
// vulndb/csaf_vex_feed.cc; UBI images report ID=rhel), OSV's AlmaLinux and Rocky Linux records under
// "AlmaLinux:9" and "Rocky Linux:9" as ecosystems.json names them.
constexpr std::pair<std::string_view, std::string_view> kRpmMajorReleaseDistros[] = {
    {"rhel", "Red Hat"},
    {"almalinux", "AlmaLinux"},
    {"rocky", "Rocky Linux"},
    // CentOS rebuilds RHEL's sources and has no feed of its own; Red Hat's advisories are the ones that
    // apply (Trivy and Clair judge it so too).
    {"centos", "Red Hat"},
    {"ol", "Oracle Linux"},
    {"amzn", "Amazon Linux"},  // "2", "2023"
    // Azure Linux 3 (ID=azurelinux) is CBL-Mariner's successor (ID=mariner, 1.0 and 2.0); OSV files both
    // under "Azure Linux".
    {"azurelinux", "Azure Linux"},
    {"mariner", "Azure Linux"},
};

// SUSE and openSUSE key advisories by the product's marketing name, which is PRETTY_NAME without the vendor:
// "SUSE Linux Enterprise Server 15 SP5" -> "SUSE:Linux Enterprise Server 15 SP5", "openSUSE Tumbleweed" ->
// "openSUSE:Tumbleweed" (ecosystems.json).
std::string SuseEcosystem(std::string_view vendor, std::string_view pretty_name) {
  std::string_view product = pretty_name;
  if (product.starts_with(vendor) && product.size() > vendor.size() && product[vendor.size()] == ' ') {
    product.remove_prefix(vendor.size() + 1);
  }
  if (product.empty()) return "";
  return fmt::format("{}:{}", vendor, product);
}

bool IsSuseEnterprise(std::string_view family) {
  return family == "sles" || family == "sles_sap" || family == "sle-micro" || family == "sle_hpc" || family == "sled";
}

std::string MajorReleaseEcosystem(std::string_view name, std::string_view version) {
  const std::string_view major = LeadingFields(version, 1);
  if (!IsNumber(major)) return "";
  return fmt::format("{}:{}", name, major);
}

}  // namespace

std::string DistroEcosystem(const Distro& distro) {
  const std::string family = Lower(distro.family);
  if (family == "alpine") return AlpineEcosystem(distro.version);
  if (family == "debian") return DebianEcosystem(distro);
  if (family == "ubuntu") return UbuntuEcosystem(distro.version);
  if (family == "wolfi") return "Wolfi";
  if (family == "chainguard") return "Chainguard";
  // Photon OS keys its OSV records by the full "3.0" release (ecosystems.json), as os-release writes it.
  if (family == "photon") return distro.version.empty() ? "" : "Photon OS:" + distro.version;
  if (IsSuseEnterprise(family)) return SuseEcosystem("SUSE", distro.pretty_name);
  if (family.starts_with("opensuse")) return SuseEcosystem("openSUSE", distro.pretty_name);
  for (const auto& [id, name] : kRpmMajorReleaseDistros) {
    if (family == id) return MajorReleaseEcosystem(name, distro.version);
  }
  return "";
}

}  // namespace drydock
