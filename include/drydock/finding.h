// A vulnerability found in a package, and why it matched.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace drydock {

// Why a finding matched, precise enough for a user to check by hand against the feed.
struct MatchExplanation {
  std::string by;         // "source_name" or "name": which package field was looked up; "module:source_name"
                          // for an rpm of a module stream, looked up as "<module>:<stream>::<source name>"
  std::string ecosystem;  // the DB ecosystem key that was searched: "Alpine:v3.10"
  std::string range;      // the range that held, with the comparison: "1.1.22-r3 < 1.1.22-r4 (fixed)"
  std::string record;     // the record that held it: "alpine-secdb v3.10/main musl"
};

struct Finding {
  std::string id;
  std::vector<std::string> aliases;
  std::string package_id;
  std::string package_name;
  std::string installed_version;
  std::string fixed_version;  // empty when no fix exists; every fix above the installed version, newest first,
                              // joined by ", " ("6.0.3.1, 5.2.4.3") when the advisories name several
  std::string status;         // "fixed" (a fix exists) or "affected" (no fix yet), or a vendor status
  std::string severity;       // "CRITICAL" .. "LOW", "UNKNOWN"
  std::string severity_source;  // whose rating decided: "debian-tracker", "ghsa", "nvd", "cna", "cisa-adp", ...
  std::string cvss;
  bool kev = false;                       // in CISA's Known Exploited Vulnerabilities catalog
  std::optional<double> epss;             // FIRST EPSS probability, 0..1, when known
  std::optional<double> epss_percentile;
  std::string title;
  std::string data_source;
  std::string layer_diff_id;
  std::string path;
  MatchExplanation match;
  bool base = false;  // the package came from the identified base image's layers
};

}  // namespace drydock
