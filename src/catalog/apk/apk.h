// The apk cataloger: lib/apk/db/installed, one blank-line-separated record per installed package.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace drydock {

// The database lists every installed file too, so it outgrows dpkg's status; the cap matches the layer
// walk's.
inline constexpr std::size_t kMaxApkDatabaseBytes = 64 << 20;

// Parses an installed database. Each line is "K:value" with a one-letter key; P (name), V (version),
// A (arch), o (origin, the source package; the name when absent) and L (license, split by SplitLicenses) are
// read; F: (directory) and R: (file) lines become owned_files; the rest is ignored. A malformed record (a line
// not "K:", a key given twice, no P or no V) is
// skipped and listed; a file that is not text at all is an Error.
Result<ParsedPackages> ParseApkInstalled(std::string_view bytes);

class ApkCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "apk"; }
  std::string_view Version() const override { return "2"; }  // 2: F:/R: file lists as owned_files
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
