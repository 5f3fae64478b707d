#include "vulndb/alias_groups.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace drydock {
namespace {

class UnionFind {
 public:
  std::size_t Add() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the smaller root wins: order-independent
  }

 private:
  std::vector<std::size_t> parent_;
};

int Rank(std::string_view severity) {
  constexpr std::string_view kOrder[] = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
  const auto* it = std::find(std::begin(kOrder), std::end(kOrder), severity);
  return it == std::end(kOrder) ? -1 : static_cast<int>(it - std::begin(kOrder));
}

std::size_t CveCount(const AdvisoryRef& advisory) {
  const std::string_view id = advisory.Text(advisory.Row().id);
  std::size_t count = id.starts_with("CVE-") ? 1 : 0;
  for (auto alias_id : advisory.table->List(advisory.Row().aliases)) {
    const std::string_view alias = advisory.Text(alias_id);
    count += alias.starts_with("CVE-") && alias != id;
  }
  return count;
}

// Every feed's CVE-level data, one entry per CVE: ratings by source (the later feed's rating of a source
// replaces an earlier one), KEV from any, EPSS from the last feed that scores it.
std::unordered_map<std::string_view, CveEnrichment> MergeEnrichments(std::span<const FeedData> feeds) {
  std::unordered_map<std::string_view, CveEnrichment> out;
  for (const FeedData& feed : feeds) {
    for (const CveEnrichment& cve : feed.enrichments) {
      CveEnrichment& merged = out[cve.cve];
      merged.cve = cve.cve;
      for (const SeverityRating& rating : cve.ratings) {
        auto same = std::find_if(merged.ratings.begin(), merged.ratings.end(),
                                 [&](const SeverityRating& r) { return r.source == rating.source; });
        if (same == merged.ratings.end()) merged.ratings.push_back(rating);
        else *same = rating;
      }
      merged.kev = merged.kev || cve.kev;
      if (cve.epss) merged.epss = cve.epss;
      if (cve.epss_percentile) merged.epss_percentile = cve.epss_percentile;
    }
  }
  return out;
}

void AddRating(std::vector<SeverityRating>& ratings, SeverityRating rating) {
  if (Rank(rating.severity) < 0 || rating.source.empty()) return;
  auto same = std::find_if(ratings.begin(), ratings.end(), [&](const SeverityRating& r) {
    return r.source == rating.source && r.record == rating.record;
  });
  if (same == ratings.end()) ratings.push_back(std::move(rating));
  else if (Rank(rating.severity) > Rank(same->severity)) *same = std::move(rating);
}

}  // namespace

std::vector<std::uint32_t> GroupAdvisories(std::span<const AdvisoryRef> advisories,
                                           std::span<const FeedData> feeds,
                                           const std::function<void(VulnerabilityGroup&& group)>& each_group) {
  UnionFind sets;
  std::unordered_map<std::string_view, std::size_t> key_of;
  auto key = [&](std::string_view id) {
    auto [it, inserted] = key_of.try_emplace(id, 0);
    if (inserted) it->second = sets.Add();
    return it->second;
  };
  std::vector<std::size_t> advisory_key(advisories.size());
  for (std::size_t i = 0; i < advisories.size(); ++i) {
    const AdvisoryRef& advisory = advisories[i];
    advisory_key[i] = key(advisory.Text(advisory.Row().id));
    if (CveCount(advisory) > kMaxCvesPerVulnerability) continue;  // a bundle: see the header
    for (auto alias : advisory.table->List(advisory.Row().aliases)) sets.Union(advisory_key[i], key(advisory.Text(alias)));
  }
  // Members per union as (root, advisory) pairs sorted by root: one flat vector, not a map of vectors (a
  // tree node and a heap block per union cost 100 MB on the tracker).
  std::vector<std::pair<std::size_t, std::size_t>> members(advisories.size());
  for (std::size_t i = 0; i < advisories.size(); ++i) members[i] = {sets.Find(advisory_key[i]), i};
  std::vector<std::size_t>().swap(advisory_key);
  key_of = {};
  std::sort(members.begin(), members.end());
  const auto enrichments = MergeEnrichments(feeds);

  std::vector<std::uint32_t> of_advisory(advisories.size(), 0);
  std::uint32_t made = 0;
  std::vector<std::size_t> indices;
  for (std::size_t begin = 0, end = 0; begin < members.size(); begin = end) {
    indices.clear();
    for (end = begin; end < members.size() && members[end].first == members[begin].first; ++end) {
      indices.push_back(members[end].second);
    }
    VulnerabilityGroup group;
    std::vector<std::string_view> cves;
    for (std::size_t i : indices) {
      const AdvisoryRef& advisory = advisories[i];
      const AdvisoryTable::Row& row = advisory.Row();
      const std::string_view id = advisory.Text(row.id);
      AddRating(group.ratings, SeverityRating{std::string(advisory.Text(row.severity_source)),
                                              std::string(advisory.Text(row.severity)),
                                              std::string(advisory.Text(row.cvss)), std::string(id)});
      if (id.starts_with("CVE-")) cves.push_back(id);
      if (CveCount(advisory) > kMaxCvesPerVulnerability) continue;
      for (auto alias_id : advisory.table->List(row.aliases)) {
        const std::string_view alias = advisory.Text(alias_id);
        if (alias.starts_with("CVE-")) cves.push_back(alias);
      }
    }
    std::sort(cves.begin(), cves.end());
    cves.erase(std::unique(cves.begin(), cves.end()), cves.end());
    bool enriched = false;
    for (std::string_view cve : cves) {
      auto it = enrichments.find(cve);
      if (it == enrichments.end()) continue;
      enriched = true;
      for (const SeverityRating& rating : it->second.ratings) AddRating(group.ratings, rating);
      group.kev = group.kev || it->second.kev;
      // The worst EPSS of the group's CVEs: the finding is as likely to be exploited as its likeliest CVE.
      if (it->second.epss && (!group.epss || *it->second.epss > *group.epss)) {
        group.epss = it->second.epss;
        group.epss_percentile = it->second.epss_percentile;
      }
    }
    if (!enriched && indices.size() < 2) continue;  // one record alone: its own fields say it all
    std::sort(group.ratings.begin(), group.ratings.end(), [](const SeverityRating& a, const SeverityRating& b) {
      return std::tie(a.source, a.record) < std::tie(b.source, b.record);
    });
    each_group(std::move(group));
    ++made;
    for (std::size_t i : indices) of_advisory[i] = made;
  }
  return of_advisory;
}

AliasGroups GroupAdvisories(const std::vector<Advisory>& advisories, std::span<const FeedData> feeds) {
  AdvisoryTable table;
  std::vector<AdvisoryRef> refs;
  for (const Advisory& advisory : advisories) {
    refs.push_back(AdvisoryRef{&table, static_cast<std::uint32_t>(table.size())});
    table.Add(advisory);
  }
  AliasGroups out;
  out.of_advisory = GroupAdvisories(refs, feeds, [&](VulnerabilityGroup&& group) {
    out.groups.push_back(std::move(group));
  });
  return out;
}

}  // namespace drydock
