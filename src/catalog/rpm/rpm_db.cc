// rpm database files -> packages: pick the storage format by its magic, decode each header blob.
#include <string>

#include "catalog/license.h"
#include "catalog/rpm/bytes.h"
#include "catalog/rpm/rpm.h"
#include "common/package_name.h"

namespace drydock {
namespace {

// rpm's dbpath moved from var/lib/rpm to usr/lib/sysimage/rpm (Fedora 36+, openSUSE); rpm-ostree images
// keep theirs in usr/share/rpm. The file name says the format only by convention, so any of the three is
// accepted under any of the directories and the bytes decide.
constexpr std::string_view kDbDirs[] = {"var/lib/rpm/", "usr/lib/sysimage/rpm/", "usr/share/rpm/"};
constexpr std::string_view kDbFiles[] = {"Packages", "rpmdb.sqlite", "Packages.db"};

constexpr std::uint32_t kBdbHashMagic = 0x061561;  // at offset 12, in the writer's byte order

using BlobReader = Result<RpmBlobs> (*)(std::string_view);

// "glibc-2.34-2.cm2.src.rpm" -> {"glibc", "2.34-2.cm2"}; nullopt when it does not have that shape.
std::optional<std::pair<std::string_view, std::string_view>> SplitSourceRpm(std::string_view srpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (srpm.ends_with(suffix)) {
      srpm.remove_suffix(suffix.size());
      const std::size_t release_dash = srpm.rfind('-');
      if (release_dash == std::string_view::npos || release_dash == 0) return std::nullopt;
      const std::size_t version_dash = srpm.rfind('-', release_dash - 1);
      if (version_dash == std::string_view::npos || version_dash == 0) return std::nullopt;
      return std::pair{srpm.substr(0, version_dash), srpm.substr(version_dash + 1)};
    }
  }
  return std::nullopt;
}

std::string WithEpoch(const std::optional<std::uint32_t>& epoch, std::string_view version_release) {
  if (!epoch) return std::string(version_release);
  return fmt::format("{}:{}", *epoch, version_release);
}

}  // namespace

Package RpmPackage(const RpmHeader& header) {
  Package package;
  package.ecosystem = "rpm";
  package.name = header.name;
  package.version = WithEpoch(header.epoch, header.version + "-" + header.release);
  package.arch = header.arch;
  package.licenses = SplitLicenses(header.license);
  // Only name:stream: the version and context fields change with every rebuild of the module, and feeds
  // file advisories per stream.
  package.module = RpmModuleStream(header.modularity_label);
  package.source_name = header.name;
  if (auto source = SplitSourceRpm(header.source_rpm)) {
    package.source_name = std::string(source->first);
    // The source RPM carries no epoch; the binary's applies to it.
    const std::string source_version = WithEpoch(header.epoch, source->second);
    if (source_version != package.version) package.source_version = source_version;
  }
  return package;
}

Result<ParsedPackages> ParseRpmDb(std::string_view bytes) {
  BlobReader reader = nullptr;
  if (bytes.starts_with(std::string_view("SQLite format 3\0", 16))) {
    reader = ReadSqliteRpmDb;
  } else if (bytes.starts_with("RpmP")) {
    reader = ReadNdbRpmDb;
  } else if (rpm_internal::Le32(bytes, 12) == kBdbHashMagic ||
             rpm_internal::Be32(bytes, 12) == kBdbHashMagic) {
    reader = ReadBdbHashRpmDb;
  } else {
    return Fail("not an rpm database: no SQLite, NDB or BerkeleyDB hash magic");
  }
  auto blobs = reader(bytes);
  if (!blobs) return std::unexpected(blobs.error());
  ParsedPackages parsed;
  parsed.skipped = std::move(blobs->skipped);
  for (std::size_t i = 0; i < blobs->blobs.size(); ++i) {
    auto header = DecodeRpmHeader(blobs->blobs[i]);
    if (!header) {
      parsed.skipped.push_back(fmt::format("header {}: {}", i + 1, header.error().message));
      continue;
    }
    parsed.packages.push_back(RpmPackage(*header));
    for (const std::string& file : header->files) {
      if (file.size() > 1 && file[0] == '/') parsed.owned_files.push_back(file.substr(1));
    }
  }
  return parsed;
}

bool RpmCataloger::Required(std::string_view path) const {
  for (std::string_view dir : kDbDirs) {
    if (!path.starts_with(dir)) continue;
    for (std::string_view file : kDbFiles) {
      if (path.substr(dir.size()) == file) return true;
    }
  }
  return false;
}

Result<ParsedPackages> RpmCataloger::Parse(std::string_view path, std::string_view bytes) const {
  auto parsed = ParseRpmDb(bytes);
  if (!parsed) return std::unexpected(parsed.error());
  parsed->packages.SetPaths(path);
  return parsed;
}

}  // namespace drydock
