#include "catalog/dpkg/dpkg.h"

#include <algorithm>

namespace drydock {
namespace {

constexpr std::string_view kStatusPath = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
// Distroless puts each package's checksums beside its stanza file; they hold no package fields.
constexpr std::string_view kChecksumSuffix = ".md5sums";
// dpkg's record of each package's installed files, one absolute path a line ("/." first, directories too).
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";
constexpr std::string_view kFileListSuffix = ".list";

bool IsFileList(std::string_view path) {
  if (!path.starts_with(kInfoDir) || !path.ends_with(kFileListSuffix)) return false;
  return path.find('/', kInfoDir.size()) == std::string_view::npos;
}

}  // namespace

Result<ParsedPackages> ParseDpkgFileList(std::string_view bytes) {
  if (bytes.size() > kMaxStatusFileBytes) return Fail("file list of {} bytes is too large", bytes.size());
  if (bytes.find('\0') != std::string_view::npos) return Fail("file list holds a NUL byte: not a dpkg file list");
  ParsedPackages parsed;
  while (!bytes.empty()) {
    std::size_t end = std::min(bytes.find('\n'), bytes.size());
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
    if (line.size() > 1 && line[0] == '/' && line != "/.") parsed.owned_files.emplace_back(line.substr(1));
  }
  return parsed;
}

bool DpkgCataloger::Required(std::string_view path) const {
  if (path == kStatusPath || IsFileList(path)) return true;
  if (!path.starts_with(kStatusDir)) return false;
  const std::string_view file = path.substr(kStatusDir.size());
  return !file.empty() && file.find('/') == std::string_view::npos && !file.ends_with(kChecksumSuffix);
}

Result<ParsedPackages> DpkgCataloger::Parse(std::string_view path, std::string_view bytes) const {
  if (IsFileList(path)) return ParseDpkgFileList(bytes);
  return ParseDpkgStatus(bytes, path);
}

}  // namespace drydock
