// The rpm cataloger: the installed-package database rpm keeps in one of three storage formats (SQLite
// rpmdb.sqlite, rpm's own NDB Packages.db, BerkeleyDB hash Packages), each a bag of RPM header blobs.
// Every layer of this parser reads bytes an image author controls, so each offset and count is checked
// before use and nothing here trusts a length it has not compared with the bytes it has.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace drydock {

// rpm databases grow with the file lists they carry (a full RHEL install is 100-200 MiB), but the layer walk
// captures at most kMaxCapturedFileBytes (64 MiB, layers/layer_walk.h) into memory, so a larger database
// never reaches us: the walk reports it as too large and the scan goes on without rpm packages. The cap
// here matches the walk's so that the pure parser rejects what the walk would.
inline constexpr std::size_t kMaxRpmDbBytes = 64 << 20;

// The fields of an RPM header the scanner uses. Strings are empty when the tag is absent.
struct RpmHeader {
  std::string name;                    // NAME (1000)
  std::string version;                 // VERSION (1001)
  std::string release;                 // RELEASE (1002)
  std::optional<std::uint32_t> epoch;  // EPOCH (1003)
  std::string arch;                    // ARCH (1022); absent for gpg-pubkey
  std::string source_rpm;              // SOURCERPM (1044): "glibc-2.34-2.cm2.src.rpm"
  std::string vendor;                  // VENDOR (1011)
  std::string license;                 // LICENSE (1014)
  std::string modularity_label;        // MODULARITYLABEL (5096): "nodejs:18:8090020240125071346:a75119d5"
  // DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (tags 1118, 1116, 1117): "/usr/bin/bash". Best effort: a damaged
  // file list leaves this short or empty, never fails the header.
  std::vector<std::string> files;
};

// A header's file list is bounded like the rest of it; more than this many names is corruption.
inline constexpr std::uint32_t kMaxRpmHeaderFiles = 1 << 20;

// Decodes a header blob as the databases store it: big-endian index count and data length, the index
// entries (tag, type, offset, count), then the data store. An Error when the blob is not well formed or
// lacks NAME, VERSION or RELEASE.
Result<RpmHeader> DecodeRpmHeader(std::string_view blob);

// The header blobs of one database file, and each entry that could not be read and why.
struct RpmBlobs {
  std::vector<std::string> blobs;
  std::vector<std::string> skipped;
};

// Each reader is an Error when `bytes` is not its format at all or its structure (page table, slot table,
// SQL schema) is broken beyond finding any blob; a single unreadable blob is listed in `skipped`.
Result<RpmBlobs> ReadSqliteRpmDb(std::string_view bytes);   // table Packages(hnum, blob)
Result<RpmBlobs> ReadNdbRpmDb(std::string_view bytes);      // "RpmP" header, "Slot" table, "BlbS" blobs
Result<RpmBlobs> ReadBdbHashRpmDb(std::string_view bytes);  // BerkeleyDB hash, either byte order

// Reading rpmdb.sqlite's 64 MiB at most takes well under a second; the rest is a hostile schema's work.
inline constexpr std::chrono::milliseconds kMaxRpmSqliteTime{10'000};
// ReadSqliteRpmDb with another deadline (tests).
Result<RpmBlobs> ReadSqliteRpmDbWithin(std::string_view bytes, std::chrono::milliseconds time_limit);

// Reads any of the three formats (chosen by their magic bytes) and decodes every header. A header that
// does not decode is skipped and listed; a file that is no rpm database is an Error.
Result<ParsedPackages> ParseRpmDb(std::string_view bytes);

// The package a header describes: version "[epoch:]version-release", source_name from SOURCERPM without
// "-version-release.src.rpm" (the name when absent), source_version when SOURCERPM names another version,
// module "name:stream" from MODULARITYLABEL (empty when absent or not of that shape).
Package RpmPackage(const RpmHeader& header);

class RpmCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "rpm"; }
  std::string_view Version() const override { return "3"; }  // 2: file lists as owned_files; 3: module
  bool Required(std::string_view path) const override;
  Result<ParsedPackages> Parse(std::string_view path, std::string_view bytes) const override;
};

}  // namespace drydock
