// The dpkg cataloger: var/lib/dpkg/status, the distroless var/lib/dpkg/status.d/* files, and the file lists
// var/lib/dpkg/info/*.list (which files each package installed).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace drydock {

// A full desktop status file is a few MB; the cap matches what the layer walk captures.
inline constexpr std::size_t kMaxStatusFileBytes = 64 << 20;

// True when a Status value ("install ok installed") leaves the package's files on disk: every state but
// not-installed and config-files. Half-installed, unpacked and triggers-* packages count, because their
// (possibly vulnerable) files are present. An unknown state or a value without three words is an Error.
Result<bool> DpkgFilesOnDisk(std::string_view status);

// Parses a status file (or one status.d file) into the packages whose files are on disk. A stanza with no
// Status is installed (status.d files omit it). A malformed stanza is skipped and listed, so a damaged
// database is reported without losing its good stanzas; a file that is not text at all is an Error.
// Each package's `path` is `path`.
Result<ParsedPackages> ParseDpkgStatus(std::string_view bytes, std::string_view path = {});

// A var/lib/dpkg/info/PKG.list file: no packages, its absolute paths as owned_files (without the '/').
Result<ParsedPackages> ParseDpkgFileList(std::string_view bytes);

class DpkgCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "dpkg"; }
  std::string_view Version() const override { return "2"; }  // 2: info/*.list read for file ownership
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
