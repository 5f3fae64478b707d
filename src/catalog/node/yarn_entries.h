// yarn.lock's two formats read into one entry list (yarn_lock.cc), which yarn_dev.cc turns into packages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/node/node.h"

namespace drydock {

// One resolved package: the specs that resolve to it ("a@^1.0.0"), and the specs it depends on. Specs are
// canonical (berry's default "npm:" protocol dropped) so both formats and package.json compare equal.
struct YarnEntry {
  std::vector<std::string> specs;
  std::string name;     // empty for entries that are no registry release (workspace, file, git)
  std::string version;
  std::vector<std::string> dependencies;
};

// "name@range" / "@scope/name@range" -> name (empty when there is no separating '@').
std::string_view SpecName(std::string_view spec);
std::string CanonicalSpec(std::string_view spec);

// Every entry with a name and version; entries with neither are listed in `skipped`.
Result<std::vector<YarnEntry>> ParseYarnEntries(std::string_view bytes, std::vector<std::string>& skipped);

}  // namespace drydock
