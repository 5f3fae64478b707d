// The compiled vulnerability DB: one immutable FlatBuffers file, memory-mapped, verified on open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/error.h"

namespace drydock {

inline constexpr std::uint32_t kDbSchemaVersion = 1;

struct FeedInfo {
  std::string name;       // "osv", "alpine-secdb"
  std::string source;     // what it was read from (path as given)
  std::string updated;    // newest date the feed itself states (RFC 3339), or empty
  std::size_t advisories = 0;
  std::size_t skipped = 0;  // records that could not be read (each reported on stderr by db build)
};

// A feed source a partial build (`db build --fetch --allow-partial`) went without.
struct MissingSource {
  std::string source;                   // "osv/PyPI", "alpine/v3.19/main", "debian"
  std::vector<std::string> ecosystems;  // DB keys it covers: "PyPI", or "Debian:*" for every "Debian:N"
  std::string reason;                   // why it is missing ("HTTP 503", "larger than 1024 bytes")
};

// True when `ecosystem` ("Debian:12", "PyPI") is one of `missing.ecosystems` or under one's "Name:*".
bool MissingCovers(const MissingSource& missing, std::string_view ecosystem);

struct DbInfo {
  std::uint32_t schema_version = 0;
  std::string built_at;  // RFC 3339 UTC
  std::vector<FeedInfo> feeds;
  std::size_t advisory_count = 0;
  std::size_t affected_count = 0;
  std::vector<MissingSource> missing;  // empty unless the DB was built without some of its sources
};

class VulnDb {
 public:
  // Maps and verifies `path`. Errors: missing file, not a drydock DB, corrupt (verifier fails), other schema.
  static Result<std::unique_ptr<VulnDb>> Open(const std::string& path);
  virtual ~VulnDb() = default;

  virtual DbInfo Info() const = 0;
  // Advisories with an Affected entry for exactly (ecosystem, package); each keeps only those entries.
  // Read-only: safe to call from many threads at once.
  virtual std::vector<Advisory> Lookup(std::string_view ecosystem, std::string_view package) const = 0;
  // True when any advisory names `ecosystem` ("Debian:12"): a scan warns when its OS has no data at all,
  // rather than reporting "no vulnerabilities" it never checked.
  virtual bool CoversEcosystem(std::string_view ecosystem) const = 0;
};

// One feed read into memory, ready to compile.
struct FeedData {
  FeedInfo info;
  std::vector<Advisory> advisories;
  std::vector<std::string> warnings;  // "path: why" for each record skipped
};

// OSV: a directory (searched recursively for *.json, and *.yaml / *.yml as PyPA writes them) or an OSV all.zip.
Result<FeedData> ReadOsvFeed(const std::string& dir_or_zip);
// Alpine/Wolfi/Chainguard secdb: the YAML files (v3.3-v3.11) or today's JSON form.
Result<FeedData> ReadSecdbFeed(const std::string& file);
// Debian security tracker JSON (https://security-tracker.debian.org/tracker/data/json), per release.
Result<FeedData> ReadDebianTrackerFeed(const std::string& file);
// Red Hat CSAF VEX: one document or a directory searched recursively for *.json. In a directory an unreadable
// document is skipped with a warning; a single file that cannot be read is an error.
Result<FeedData> ReadCsafVexFeed(const std::string& dir_or_file);

// Compiles feeds into one DB file, written atomically (temp file + rename). `missing` goes into the header.
Status BuildDb(std::span<const FeedData> feeds, const std::string& out_path,
               std::span<const MissingSource> missing = {});

}  // namespace drydock
