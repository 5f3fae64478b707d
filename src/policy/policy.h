// Verdicts after matching: which findings a user has accepted (ignore file, VEX statements, statuses) and why.
// Everything here is pure: parsers take bytes plus the file's name (for "FILE:LINE: ..." errors), and
// ApplyPolicy moves suppressed findings aside instead of dropping them, so --show-suppressed can list them.
#pragma once

#include "common/today.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"
#include "drydock/options.h"
#include "drydock/report.h"

namespace drydock {

inline constexpr std::size_t kMaxPolicyFileBytes = 16 << 20;  // ignore and VEX files
inline constexpr std::size_t kMaxPolicyEntries = 100000;      // rules or statements in one file

// One ignore-file entry: an advisory id (or alias), optionally narrowed to a package name, purl or path.
struct IgnoreRule {
  std::string id;
  std::string package;  // package name; empty = any
  std::string purl;     // package URL; empty = any
  std::string path;     // the package's file (var/lib/dpkg/status); empty = any
  std::string expires;  // "YYYY-MM-DD"; empty = never
  std::string reason;
  std::string where;    // "FILE:LINE", for messages
};

// One VEX statement about an advisory and the packages it names.
struct VexStatement {
  std::string vulnerability;             // advisory id or alias
  std::vector<std::string> aliases;      // other ids the document gives for it (OpenVEX `aliases`)
  std::vector<std::string> products;     // purls, bom-refs, or "*" for the whole artifact
  std::string status;                    // OpenVEX words: not_affected, affected, fixed, under_investigation
  std::string justification;             // why not affected (kept in the suppressed entry)
  std::string where;                     // the VEX file
};

struct Policy {
  std::vector<IgnoreRule> ignores;
  std::vector<VexStatement> vex;
  std::vector<std::string> ignore_statuses;  // finding statuses to drop: "affected", "will_not_fix", ...
};

// `.drydockignore` text: one entry a line, `ID [pkg=NAME] [purl=PURL] [path=PATH] [exp:YYYY-MM-DD] [# reason]`;
// blank lines and lines starting with '#' are skipped.
Result<std::vector<IgnoreRule>> ParseIgnoreText(std::string_view text, std::string_view file);
// The YAML form: `vulnerabilities: [{id, package, purl(s), path(s), expired_at, statement}]`.
Result<std::vector<IgnoreRule>> ParseIgnoreYaml(std::string_view text, std::string_view file);
// OpenVEX (v0.0.1 and v0.2.0) or a CycloneDX VEX / BOM with `vulnerabilities[].analysis`, told apart by content.
Result<std::vector<VexStatement>> ParseVex(std::string_view text, std::string_view file);

// Reads the files options name (ignore_file, vex_files); a missing or malformed file is an Error naming it.
Result<Policy> LoadPolicy(const ScanOptions& options);

// Moves every finding the policy suppresses from report.vulnerabilities to report.suppressed, with the reason.
// Expired ignore entries suppress nothing and add a "policy" warning to report.errors. `today` is "YYYY-MM-DD".
void ApplyPolicy(const Policy& policy, std::string_view today, ScanReport& report);


}  // namespace drydock
