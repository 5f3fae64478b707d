// conda: environment.yml / environment.yaml (what an environment declares) and conda-meta/*.json (one file per
// installed package). Packages use ecosystem "conda"; OSV has no conda ecosystem, so they are listed (SBOMs,
// licences) but no feed judges them. `pip:` entries of an environment file are PyPI packages and are matched.
#pragma once

#include <cstddef>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

inline constexpr std::size_t kMaxCondaEnvironmentBytes = 4 << 20;
// One package's metadata lists every file it installed; the largest (mkl, cudatoolkit) run to a few MB.
inline constexpr std::size_t kMaxCondaMetaBytes = 32 << 20;

// `dependencies:` match specs with an exact version: "name=1.0.8=build", "name==1.0", "name 1.0 build".
// Specs without one (a bare name, a range, a wildcard) are listed as skipped: nothing pins what gets installed.
// A `pip:` list gives PyPI packages from its "name==version" lines.
Result<ParsedPackages> ParseCondaEnvironment(std::string_view bytes);
bool IsCondaEnvironment(std::string_view path);

// One conda-meta record: "name" and "version" required, "license" kept.
Result<ParsedPackages> ParseCondaMeta(std::string_view bytes);
bool IsCondaMeta(std::string_view path);

}  // namespace drydock
