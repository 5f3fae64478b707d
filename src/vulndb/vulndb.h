// The compiled vulnerability DB: one immutable FlatBuffers file, memory-mapped, verified on open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "drydock/error.h"
#include "vulndb/advisory_table.h"

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

// One (ecosystem, package) key of a DB and a digest of what VulnDb::Lookup returns for it.
struct PackageDigest {
  std::string ecosystem;  // DB ecosystem key: "Debian:12", "PyPI"
  std::string package;
  std::uint64_t digest = 0;
  bool operator==(const PackageDigest&) const = default;
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

  // "sha256:<hex>" of the file's bytes as mapped: the DB generation's identity (two opens of one file agree;
  // a file replaced on disk after Open does not change it).
  virtual std::string ContentDigest() const = 0;
  // Every (ecosystem, package) key, sorted by (ecosystem, package) byte-wise, each with a 64-bit digest of
  // everything a match of that key reads: its entries (ranges, versions, status, severity), their advisories
  // (id, aliases, summary, ratings, CVSS, source) and their alias group's ratings and KEV flag. Two DBs whose
  // digests agree for a key match its packages alike. EPSS is left out on purpose: it moves daily for every
  // CVE, and re-matching everything for it would defeat the diff (vulndb/package_digests.cc).
  virtual std::vector<PackageDigest> PackageDigests() const = 0;
};

// The keys whose digest differs between two PackageDigests() lists, or that only one of them has, sorted.
std::vector<std::pair<std::string, std::string>> ChangedPackages(std::span<const PackageDigest> before,
                                                                 std::span<const PackageDigest> after);

// What a CVE-level source says about one CVE: NVD's rating, the CVE record's (its CNA's, CISA ADP's), CISA KEV,
// FIRST EPSS. The DB keeps it only for CVEs some advisory names, joined to that advisory's alias group.
struct CveEnrichment {
  std::string cve;                      // "CVE-2023-44487"
  std::vector<SeverityRating> ratings;  // at most one per source ("nvd", "cna", "cisa-adp")
  bool kev = false;
  std::optional<double> epss;
  std::optional<double> epss_percentile;
};

// One feed read into memory, ready to compile. Its advisories are `advisories` followed by `compact`'s: the
// large feeds (secdb, the Debian tracker) fill `compact`, the others `advisories`.
struct FeedData {
  FeedInfo info;
  std::vector<Advisory> advisories;
  AdvisoryTable compact;
  std::vector<CveEnrichment> enrichments;  // CVE-level feeds (NVD, CVE JSON 5, EPSS, KEV)
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

// NVD API 2.0 JSON: a response page ({"vulnerabilities": [{"cve": ...}]}) or one CVE per file; a file or a
// directory searched recursively for *.json. Each CVE's rating is NVD's own (Primary) CVSS v3.1, v3.0, v4.0,
// then v2, else a Secondary one; cisaExploitAdd marks KEV.
Result<FeedData> ReadNvdFeed(const std::string& dir_or_file);
// CVE JSON 5 records (cvelistV5, CISA's vulnrichment): a file or a directory searched recursively for *.json.
// The CNA's and CISA ADP's CVSS become "cna" and "cisa-adp" ratings; an ADP "kev" entry marks KEV.
Result<FeedData> ReadCve5Feed(const std::string& dir_or_file);
// FIRST EPSS scores, the published CSV ("cve,epss,percentile"), plain or gzip-compressed.
Result<FeedData> ReadEpssFeed(const std::string& file);
// CISA's Known Exploited Vulnerabilities catalog JSON (known_exploited_vulnerabilities.json).
Result<FeedData> ReadKevFeed(const std::string& file);

// Compiles feeds into one DB file, written atomically (temp file + rename). `missing` goes into the header.
Status BuildDb(std::span<const FeedData> feeds, const std::string& out_path,
               std::span<const MissingSource> missing = {});

}  // namespace drydock
