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

// Never destroyed, so lookups stay valid during static destruction of other objects.
const VersionScheme& Dpkg() {
  static const VersionScheme* const kScheme = new DpkgScheme();
  return *kScheme;
}

const VersionScheme& Apk() {
  static const VersionScheme* const kScheme = new ApkScheme();
  return *kScheme;
}

struct EcosystemScheme {
  std::string_view name;  // the ecosystem key up to its first ':' ("Alpine" for "Alpine:v3.10")
  const VersionScheme& (*scheme)();
};

// Wolfi and Chainguard build with apk-tools and publish under a bare name; Alpine, Debian and Ubuntu carry
// a release after the colon.
constexpr EcosystemScheme kEcosystemSchemes[] = {
    {"Alpine", Apk}, {"Wolfi", Apk}, {"Chainguard", Apk}, {"Debian", Dpkg}, {"Ubuntu", Dpkg},
};

}  // namespace

const VersionScheme* SchemeForEcosystem(std::string_view db_ecosystem) {
  const std::string_view name = db_ecosystem.substr(0, db_ecosystem.find(':'));
  for (const EcosystemScheme& entry : kEcosystemSchemes) {
    if (entry.name == name) return &entry.scheme();
  }
  return nullptr;
}

}  // namespace drydock
