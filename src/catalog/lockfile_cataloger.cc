#include "catalog/lockfile_cataloger.h"

namespace drydock {

Result<ParsedPackages> LockfileCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = parse_(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
