// The language-package table: the ecosystem a cataloger writes on a Package ("npm", "pypi", ...) -> the OSV
// ecosystem its advisories are filed under, and how a package name is spelled for the look-up.
#pragma once

#include <string>
#include <string_view>

namespace drydock {

struct LanguageEcosystem {
  std::string_view package_ecosystem;  // Package::ecosystem, as catalogers write it
  std::string_view osv_ecosystem;      // OSV's name, also the key of SchemeForEcosystem()
  // package name -> the name the DB files it under (common/package_name.h's NormalizeOsvPackageName, which the
  // DB builder applies to the advisory side).
  std::string Normalize(std::string_view name) const;
};

// The row for `package_ecosystem`, or nullptr for OS ecosystems and unknown ones.
const LanguageEcosystem* FindLanguageEcosystem(std::string_view package_ecosystem);

}  // namespace drydock
