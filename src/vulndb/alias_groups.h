// Which advisories are one vulnerability, and what is known about each such vulnerability, for BuildDb.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "vulndb/advisory_table.h"
#include "vulndb/vulndb.h"

namespace drydock {

// An advisory naming more CVEs than this (its id and aliases together) is an errata bundle (one update
// fixing several vulnerabilities), not one vulnerability: it joins no alias group, so it cannot merge
// unrelated CVEs into one. Go's GO-2023-2102 names two (CVE-2023-39325 and CVE-2023-44487) and is one.
inline constexpr std::size_t kMaxCvesPerVulnerability = 3;

struct VulnerabilityGroup {
  std::vector<SeverityRating> ratings;  // one per (source, record), the worst when a record rates twice
  bool kev = false;
  std::optional<double> epss;
  std::optional<double> epss_percentile;
};

// One advisory of BuildDb's input, read in place: row `row` of `table`.
struct AdvisoryRef {
  const AdvisoryTable* table = nullptr;
  std::uint32_t row = 0;

  const AdvisoryTable::Row& Row() const { return table->rows()[row]; }
  std::string_view Text(AdvisoryTable::Id id) const { return table->Text(id); }
};

struct AliasGroups {
  std::vector<std::uint32_t> of_advisory;  // parallel to the advisories: 1 + index into `groups`, 0 for none
  std::vector<VulnerabilityGroup> groups;
};

// Unions advisories that share an id or alias (transitively), then gives each union that has two or more
// advisories or any CVE-level data (NVD, CVE JSON 5, EPSS, KEV from `feeds`' enrichments for one of its CVE
// ids) a group holding every advisory's own record-wide rating and that data. Deterministic for a given input.
// Each group is handed to `each_group` as soon as it is made (group n is the n-th call, numbered from 1) and
// not kept, so BuildDb writes it straight into the DB: a 500 MB tracker has 800k groups. Returns of_advisory.
std::vector<std::uint32_t> GroupAdvisories(std::span<const AdvisoryRef> advisories,
                                           std::span<const FeedData> feeds,
                                           const std::function<void(VulnerabilityGroup&& group)>& each_group);
// The same, keeping every group (tests).
AliasGroups GroupAdvisories(const std::vector<Advisory>& advisories, std::span<const FeedData> feeds);

}  // namespace drydock
