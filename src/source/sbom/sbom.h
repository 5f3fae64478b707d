// SBOM input: a CycloneDX or SPDX JSON document read back into the packages it lists, by their package URLs,
// so a pipeline can generate an SBOM once and re-scan it later without the image.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/purl.h"
#include "drydock/error.h"
#include "drydock/package.h"

namespace drydock {

inline constexpr std::size_t kMaxSbomBytes = 256 << 20;
inline constexpr std::size_t kMaxSbomComponents = 1'000'000;

// The purl as a Package: OS types (deb, apk, rpm) keep their ecosystem and give the distro from the `distro`
// qualifier; language types map onto drydock's ecosystem names (npm, pypi, golang, maven, cargo, nuget, gem,
// composer). Unknown types are an error so nothing is dropped silently.
Result<Package> PackageFromPurl(const Purl& purl, Distro* distro);

struct SbomContents {
  std::string name;    // the described artifact's name
  std::string format;  // "cyclonedx" or "spdx"
  Distro distro;       // from the OS packages' purls (or drydock's own properties); empty when none
  std::vector<Package> packages;
  std::vector<std::string> skipped;  // components without a usable purl, with why
};

// Reads a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document. `file` names it in errors, which carry the
// JSON line for syntax errors and the element path (components[3].purl) for content errors.
Result<SbomContents> ReadSbom(std::string_view text, std::string_view file);

}  // namespace drydock
