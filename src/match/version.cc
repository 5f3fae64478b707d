// The version-scheme table: DB ecosystem -> the package manager whose order it uses.
#include "match/version.h"

#include <string_view>

namespace drydock {
namespace {

class DpkgScheme final : public VersionScheme {
 public:
  std::string_view Name() const override { return "dpkg"; }
  int Compare(std::string_view a, std::string_view b) const override { return CompareDpkgVersions(a, b); }
};

class ApkScheme final : public VersionScheme {
 public:
  std::string_view Name() const override { return "apk"; }
  int Compare(std::string_view a, std::string_view b) const override { return CompareApkVersions(a, b); }
};

class RpmScheme final : public VersionScheme {
 public:
  std::string_view Name() const override { return "rpm"; }
  int Compare(std::string_view a, std::string_view b) const override { return CompareRpmVersions(a, b); }
};

// Application ecosystems: one class per OSV ecosystem, named as OSV names it.
class FunctionScheme final : public VersionScheme {
 public:
  constexpr FunctionScheme(std::string_view name, int (*compare)(std::string_view, std::string_view))
      : name_(name), compare_(compare) {}
  std::string_view Name() const override { return name_; }
  int Compare(std::string_view a, std::string_view b) const override { return compare_(a, b); }

 private:
  std::string_view name_;
  int (*compare_)(std::string_view, std::string_view);
};

const VersionScheme& Go() {
  static const VersionScheme* const kScheme = new FunctionScheme("go", CompareGoVersions);
  return *kScheme;
}

const VersionScheme& Maven() {
  static const VersionScheme* const kScheme = new FunctionScheme("maven", CompareMavenVersions);
  return *kScheme;
}

const VersionScheme& Cargo() {
  static const VersionScheme* const kScheme = new FunctionScheme("cargo", CompareSemverVersions);
  return *kScheme;
}

const VersionScheme& Nuget() {
  static const VersionScheme* const kScheme = new FunctionScheme("nuget", CompareNugetVersions);
  return *kScheme;
}

const VersionScheme& Pep440() {
  static const VersionScheme* const kScheme = new FunctionScheme("pep440", ComparePep440Versions);
  return *kScheme;
}

const VersionScheme& RubyGems() {
  static const VersionScheme* const kScheme = new FunctionScheme("rubygems", CompareRubyGemsVersions);
  return *kScheme;
}

const VersionScheme& Composer() {
  static const VersionScheme* const kScheme = new FunctionScheme("composer", CompareComposerVersions);
  return *kScheme;
}

const VersionScheme& BuildOrderedSemver() {
  static const VersionScheme* const kScheme = new FunctionScheme("semver-build", CompareBuildOrderedSemver);
  return *kScheme;
}

const VersionScheme& Semver() {
  static const VersionScheme* const kScheme = new FunctionScheme("semver", CompareSemverVersions);
  return *kScheme;
}

// Never destroyed, so lookups stay valid during static destruction of other objects.
const VersionScheme& Dpkg() {
  static const VersionScheme* const kScheme = new DpkgScheme();
  return *kScheme;
}

const VersionScheme& Apk() {
  static const VersionScheme* const kScheme = new ApkScheme();
  return *kScheme;
}

const VersionScheme& Rpm() {
  static const VersionScheme* const kScheme = new RpmScheme();
  return *kScheme;
}

struct EcosystemScheme {
  std::string_view name;  // the ecosystem key up to its first ':' ("Alpine" for "Alpine:v3.10")
  const VersionScheme& (*scheme)();
};

// Wolfi and Chainguard build with apk-tools and publish under a bare name; Alpine, Debian and Ubuntu carry
// a release after the colon. The RPM distributions are named as OSV names them (ecosystems.json); Red Hat's
// suffix is a product CPE, SUSE's a product name, the others a release number.
constexpr EcosystemScheme kEcosystemSchemes[] = {
    {"Alpine", Apk},       {"Wolfi", Apk},       {"Chainguard", Apk},   {"Debian", Dpkg},
    {"Ubuntu", Dpkg},      {"AlmaLinux", Rpm},   {"Rocky Linux", Rpm},  {"Red Hat", Rpm},
    {"openSUSE", Rpm},     {"SUSE", Rpm},        {"Mageia", Rpm},       {"Photon OS", Rpm},
    {"Azure Linux", Rpm},  {"openEuler", Rpm},   {"Amazon Linux", Rpm}, {"Oracle Linux", Rpm},
    {"Go", Go},            {"Maven", Maven},     {"crates.io", Cargo},  {"NuGet", Nuget},
    // Language ecosystems, keyed by OSV's name (match/language_ecosystem.cc maps packages to these).
    {"npm", Semver},       {"PyPI", Pep440},     {"RubyGems", RubyGems}, {"Packagist", Composer},
    // Hex (Elixir's Version), SwiftURL (git tags in SemVer 2.0) and ConanCenter order as SemVer, as OSV's
    // own comparators (osv-scalibr semantic/parse.go) do; Pub and Julia also order build metadata.
    {"Hex", Semver},       {"SwiftURL", Semver}, {"ConanCenter", Semver}, {"Pub", BuildOrderedSemver},
    {"Julia", BuildOrderedSemver}, {"Kubernetes", Semver},
};

}  // namespace

const VersionScheme* SchemeForEcosystem(std::string_view db_ecosystem) {
  const std::string_view name = db_ecosystem.substr(0, db_ecosystem.find(':'));
  for (const EcosystemScheme& entry : kEcosystemSchemes) {
    if (entry.name == name) return &entry.scheme();
  }
  return nullptr;
}

const VersionScheme& SemverScheme() { return Semver(); }

}  // namespace drydock
