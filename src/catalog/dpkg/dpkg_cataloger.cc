#include "catalog/dpkg/dpkg.h"

namespace drydock {
namespace {

constexpr std::string_view kStatusPath = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
// Distroless puts each package's checksums beside its stanza file; they hold no package fields.
constexpr std::string_view kChecksumSuffix = ".md5sums";

}  // namespace

bool DpkgCataloger::Required(std::string_view path) const {
  if (path == kStatusPath) return true;
  if (!path.starts_with(kStatusDir)) return false;
  const std::string_view file = path.substr(kStatusDir.size());
  return !file.empty() && file.find('/') == std::string_view::npos && !file.ends_with(kChecksumSuffix);
}

Result<ParsedPackages> DpkgCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseDpkgStatus(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  for (Package& package : parsed->packages) package.path = std::string(path);
  return parsed;
}

}  // namespace drydock
