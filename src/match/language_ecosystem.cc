#include "match/language_ecosystem.h"

#include "common/package_name.h"

namespace drydock {
namespace {

// Names as OSV spells them (ossf/osv-schema ecosystems.json). Maven names are "groupId:artifactId", which the
// Java and sbt catalogers write; bun.lock packages are npm packages, Directory.Packages.props ones NuGet's.
// Swift packages are named by their repository URL (SwiftURL), Julia's by their registry name, a KBOM's
// Kubernetes components by their Go module ("k8s.io/apiserver", as OSV's Kubernetes ecosystem names them).
// conda has no OSV ecosystem: its packages are listed, not matched.
constexpr LanguageEcosystem kLanguageEcosystems[] = {
    {"npm", "npm"},         {"pypi", "PyPI"},     {"gem", "RubyGems"},  {"composer", "Packagist"},
    {"golang", "Go"},       {"maven", "Maven"},   {"cargo", "crates.io"}, {"nuget", "NuGet"},
    {"pub", "Pub"},         {"hex", "Hex"},       {"swift", "SwiftURL"}, {"conan", "ConanCenter"},
    {"julia", "Julia"},     {"k8s", "Kubernetes"},
};

}  // namespace

std::string LanguageEcosystem::Normalize(std::string_view name) const {
  return NormalizeOsvPackageName(osv_ecosystem, name);
}

const LanguageEcosystem* FindLanguageEcosystem(std::string_view package_ecosystem) {
  for (const LanguageEcosystem& row : kLanguageEcosystems) {
    if (row.package_ecosystem == package_ecosystem) return &row;
  }
  return nullptr;
}

}  // namespace drydock
