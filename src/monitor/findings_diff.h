// An image's findings before and after a re-match, as outbox events:
//   finding.new       a finding the new DB gives that the stored findings lacked
//   finding.resolved  a stored finding the new DB no longer gives (advisory withdrawn, or its fixed range now
//                     excludes the installed version)
//   finding.changed   the same (package, vulnerability) with another severity, fixed version or status
//   policy.changed    the --policy verdict flipped (pass -> fail is the alert that matters)
// Payloads (JSON objects) carry the image (digest, repository), the generation (DB digest and build time) and
// the finding as the JSON report writes it (vulnerability, aliases, package, package_id, installed_version,
// fixed_version, status, severity, title, layer_diff_id, path); finding.changed adds "changes": {field:
// {"from", "to"}}; policy.changed has "from"/"to" ("pass"/"fail") and "failed_rules".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drydock/report.h"
#include "store/events.h"

namespace drydock {

struct DiffContext {
  std::string digest;
  std::string repository;
  std::string generation;  // DB content digest
  std::string db_built_at;
};

// Events in a fixed order: resolved, changed, new (each by package id, then vulnerability), then policy.
// `before_policy` / `after_policy` are the verdicts (absent without a --policy).
std::vector<NewEvent> DiffFindings(const DiffContext& context, const std::vector<Finding>& before,
                                   const std::vector<Finding>& after,
                                   const std::optional<PolicyVerdict>& before_policy,
                                   const std::optional<PolicyVerdict>& after_policy);

}  // namespace drydock
