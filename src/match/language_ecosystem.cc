#include "match/language_ecosystem.h"

#include "common/package_name.h"

namespace drydock {
namespace {

std::string AsWritten(std::string_view name) { return std::string(name); }

// Composer treats "Vendor/Package" and "vendor/package" as one package; Packagist and the advisories file
// the lowercase form.
std::string Lowercase(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
  return out;
}

// Names as OSV spells them (ossf/osv-schema ecosystems.json). Maven names are "groupId:artifactId", which
// the Java catalogers write; PyPI names are PEP 503-normalised on both sides (the DB builder normalises
// the advisory side). npm, RubyGems, Go, crates.io and NuGet names are matched as written.
constexpr LanguageEcosystem kLanguageEcosystems[] = {
    {"npm", "npm", AsWritten},
    {"pypi", "PyPI", NormalizePypiName},
    {"gem", "RubyGems", AsWritten},
    {"composer", "Packagist", Lowercase},
    {"golang", "Go", AsWritten},
    {"maven", "Maven", AsWritten},
    {"cargo", "crates.io", AsWritten},
    {"nuget", "NuGet", AsWritten},
};

}  // namespace

const LanguageEcosystem* FindLanguageEcosystem(std::string_view package_ecosystem) {
  for (const LanguageEcosystem& row : kLanguageEcosystems) {
    if (row.package_ecosystem == package_ecosystem) return &row;
  }
  return nullptr;
}

}  // namespace drydock
