// What the vulnerability DB knows about one advisory, as compiled from a feed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drydock {

// One contiguous affected interval. Empty `introduced` (or "0") means "from the first version".
// Exactly one of `fixed` / `last_affected` bounds it above; both empty means "still affected".
struct AffectedRange {
  std::string introduced;
  std::string fixed;
  std::string last_affected;
  // OSV range type: "SEMVER" ranges compare by SemVer 2.0 whatever the ecosystem; "ECOSYSTEM" (and empty,
  // for feeds without types) by the ecosystem's own scheme.
  std::string type;
  // OSV "limit" events of the range this interval came from: a version at or above every limit is outside
  // the range ("*" is no limit). Empty: no limit.
  std::vector<std::string> limits;

  bool operator==(const AffectedRange&) const = default;
};

// The versions of one package, in one ecosystem, that an advisory affects.
struct Affected {
  std::string ecosystem;              // DB ecosystem key: OSV's name with release ("Alpine:v3.10", "Debian:12", "npm")
  std::string package;                // source package for OS ecosystems, else the package name
  std::vector<AffectedRange> ranges;  // compared with the ecosystem's version scheme
  std::vector<std::string> versions;  // explicitly listed affected versions
  std::string status;                 // "fixed" when some range has a fix, else "affected" (or a vendor status)
  // This entry's own rating when the feed rates per package or release (Debian urgency, Red Hat impact per
  // product, OSV affected[].ecosystem_specific.severity); it wins over the record-wide one. Empty: none.
  std::string severity;

  bool operator==(const Affected&) const = default;
};

// One source's rating of a vulnerability.
struct SeverityRating {
  std::string source;    // who rated: "ghsa", "osv:Go", "debian-tracker", "nvd", "cna", "cisa-adp", ...
  std::string severity;  // "CRITICAL", "HIGH", "MEDIUM", "LOW"
  std::string cvss;      // the vector the rating came from, when it came from one
  std::string record;    // the advisory or CVE id that carries it

  bool operator==(const SeverityRating&) const = default;
};

struct Advisory {
  std::string id;                    // "CVE-2019-14697", "GHSA-...", "DSA-5391-1"
  std::vector<std::string> aliases;
  std::string summary;
  std::string severity;              // "CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"
  std::string severity_source;       // who said so: "alpine-secdb", "osv:Debian", "nvd"
  std::string cvss;                  // a CVSS vector when the feed gives one
  std::string data_source;           // the feed this record came from: "alpine-secdb v3.10/main", "osv"
  std::vector<Affected> affected;

  // What the DB knows about the same vulnerability beyond this record, filled by VulnDb::Lookup: the ratings
  // of the other records sharing an alias with it (transitively), NVD's and the CVE record's (CNA, CISA ADP),
  // CISA KEV and FIRST EPSS. `group` numbers the alias group in this DB (0: the record shares no alias):
  // records of one group are one vulnerability.
  std::vector<SeverityRating> related;
  std::uint32_t group = 0;
  bool kev = false;
  std::optional<double> epss;             // probability of exploitation in 30 days, 0..1
  std::optional<double> epss_percentile;  // 0..1

  bool operator==(const Advisory&) const = default;
};

}  // namespace drydock
