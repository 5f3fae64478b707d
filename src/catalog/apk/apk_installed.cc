#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "catalog/apk/apk.h"
#include "catalog/license.h"
#include "catalog/records.h"

namespace drydock {
namespace {

// Keys that describe the package itself; the rest (F, R, Z, a, M: the file list) repeat within a record.
constexpr std::string_view kSingleKeys = "PVAoL";

// The field value for a single-valued key; nullptr when absent.
struct ApkFields {
  const std::string_view* Get(char key) const {
    const std::size_t i = kSingleKeys.find(key);
    return present[i] ? &values[i] : nullptr;
  }
  std::string_view values[kSingleKeys.size()];
  bool present[kSingleKeys.size()] = {};
};

Result<ApkFields> ReadFields(const Record& record) {
  ApkFields fields;
  for (const Line& line : record) {
    if (line.text.size() < 2 || line.text[1] != ':' || line.text[0] == ' ' || line.text[0] == '\t') {
      return Fail("line {}: not a \"K:value\" line", line.number);
    }
    const std::size_t i = kSingleKeys.find(line.text[0]);
    if (i == std::string_view::npos) continue;
    if (fields.present[i]) return Fail("line {}: {}: given twice in one record", line.number, line.text[0]);
    fields.present[i] = true;
    fields.values[i] = TrimBlanks(line.text.substr(2));
  }
  return fields;
}

Result<Package> RecordPackage(const ApkFields& fields) {
  const std::string_view* name = fields.Get('P');
  if (name == nullptr) return Fail("no P: (package name)");
  if (auto ok = CheckIdentifier("name", *name); !ok) return std::unexpected(ok.error());
  const std::string_view* version = fields.Get('V');
  if (version == nullptr) return Fail("package {}: no V: (version)", *name);
  if (auto ok = CheckIdentifier("version", *version); !ok) return Rewrap(ok.error(), "package {}", *name);
  Package package{.name = std::string(*name), .version = std::string(*version), .ecosystem = "apk"};
  const std::string_view* origin = fields.Get('o');
  if (origin != nullptr) {
    if (auto ok = CheckIdentifier("origin", *origin); !ok) return Rewrap(ok.error(), "package {}", *name);
  }
  package.source_name = std::string(origin ? *origin : *name);
  if (const std::string_view* arch = fields.Get('A')) {
    if (auto ok = CheckIdentifier("arch", *arch); !ok) return Rewrap(ok.error(), "package {}", *name);
    package.arch = std::string(*arch);
  }
  if (const std::string_view* license = fields.Get('L')) package.licenses = SplitLicenses(*license);
  return package;
}

}  // namespace

Result<ParsedPackages> ParseApkInstalled(std::string_view bytes) {
  auto parsed = ParseRecords(bytes, kMaxApkDatabaseBytes, "record", [](const Record& record) -> Result<std::optional<Package>> {
    auto fields = ReadFields(record);
    if (!fields) return std::unexpected(fields.error());
    return RecordPackage(*fields);
  });
  if (!parsed) return parsed;
  // Every record lists its files as F:dir then R:name lines under it.
  std::string_view dir, rest = bytes;
  while (!rest.empty()) {
    std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = TrimBlanks(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (line.starts_with("F:")) {
      dir = line.substr(2);
    } else if (line.empty()) {
      dir = {};
    } else if (line.starts_with("R:") && line.size() > 2) {
      parsed->owned_files.push_back(dir.empty() ? std::string(line.substr(2)) : fmt::format("{}/{}", dir, line.substr(2)));
    }
  }
  return parsed;
}

}  // namespace drydock
