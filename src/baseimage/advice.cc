#include "baseimage/advice.h"

#include <algorithm>
#include <set>

#include "baseimage/tag_version.h"

namespace drydock::baseimage {
namespace {

// Scans each digest once, however many options name it, and no more than kMaxAdviceScans digests.
class ScanMemo {
 public:
  explicit ScanMemo(const BaseFindingsSource& scan) : scan_(scan) {}
  const Result<BaseFindings>& Get(const IndexEntry& entry) {
    auto it = done_.find(entry.digest);
    if (it != done_.end()) return it->second;
    if (done_.size() == kMaxAdviceScans) {
      return done_.emplace(entry.digest, Fail("not scanned: more than {} bases in one advice", kMaxAdviceScans))
          .first->second;
    }
    return done_.emplace(entry.digest, scan_(entry)).first->second;
  }

 private:
  const BaseFindingsSource& scan_;
  std::map<std::string, Result<BaseFindings>> done_;
};

BaseAdviceOption Compare(const std::string& kind, const IndexEntry& entry, const AdviceInput& input,
                         ScanMemo& memo) {
  BaseAdviceOption option{.kind = kind, .name = entry.repository, .tag = entry.tag, .digest = entry.digest,
                          .created = entry.created};
  if (entry.size_bytes > 0 && input.base->size_bytes > 0) {
    option.size_delta_bytes = static_cast<long long>(entry.size_bytes) - static_cast<long long>(input.base->size_bytes);
  }
  const Result<BaseFindings>& scanned = memo.Get(entry);
  if (!scanned) {
    option.error = scanned.error().message;
    return option;
  }
  option.os = scanned->os;
  option.end_of_life_date = scanned->end_of_life_date;
  option.end_of_life = scanned->end_of_life;
  for (const auto& [key, severity] : scanned->findings) {
    ++option.findings[severity];
    ++option.findings_total;
    if (!input.current.findings.contains(key)) {
      ++option.added[severity];
      ++option.added_total;
    }
  }
  for (const auto& [key, severity] : input.current.findings) {
    if (!scanned->findings.contains(key)) {
      ++option.removed[severity];
      ++option.removed_total;
    }
  }
  return option;
}

bool OnPlatform(const IndexEntry& entry, const std::string& platform) {
  return platform.empty() || entry.platform == platform;
}

}  // namespace

std::vector<BaseAdviceOption> Advise(const AdviceInput& input, const BaseFindingsSource& scan) {
  std::vector<BaseAdviceOption> out;
  const BaseImageInfo& base = *input.base;
  if (base.name.empty()) return out;
  ScanMemo memo(scan);
  // Refresh: the tags the base's digest was seen under that now point elsewhere.
  std::set<std::string> tags;
  if (!base.tag.empty()) tags.insert(base.tag);
  for (const BaseImageCandidate& c : base.candidates) {
    if (c.name == base.name && c.digest == base.digest) tags.insert(c.tag);
  }
  std::set<std::string> offered;  // digests already proposed
  for (const IndexEntry& e : input.repository) {
    if (!tags.contains(e.tag) || !OnPlatform(e, input.platform) || e.digest == base.digest) continue;
    if (!offered.insert(e.digest).second) continue;
    out.push_back(Compare("refresh", e, input, memo));
  }
  auto version = ParseTagVersion(base.tag);
  if (!version) return out;
  // Update: newer versions of the family, newest first.
  std::vector<std::pair<TagVersion, const IndexEntry*>> newer, variants;
  for (const IndexEntry& e : input.repository) {
    if (!OnPlatform(e, input.platform)) continue;
    auto v = ParseTagVersion(e.tag);
    if (!v) continue;
    if (SameFamily(*v, *version) && CompareNumbers(*v, *version) > 0) newer.emplace_back(std::move(*v), &e);
    else if (SameVersion(*v, *version) && v->variant != version->variant) variants.emplace_back(std::move(*v), &e);
  }
  std::stable_sort(newer.begin(), newer.end(),
                   [](const auto& a, const auto& b) { return CompareNumbers(a.first, b.first) > 0; });
  std::size_t updates = 0;
  for (const auto& [v, e] : newer) {
    if (updates == kMaxUpdateOptions) break;
    if (!offered.insert(e->digest).second) continue;
    out.push_back(Compare("update", *e, input, memo));
    ++updates;
  }
  // Smaller: another variant of this version, when sizes are known and it is smaller.
  std::erase_if(variants, [&](const auto& v) {
    return base.size_bytes == 0 || v.second->size_bytes == 0 || v.second->size_bytes >= base.size_bytes;
  });
  std::stable_sort(variants.begin(), variants.end(),
                   [](const auto& a, const auto& b) { return a.second->size_bytes < b.second->size_bytes; });
  if (!variants.empty() && offered.insert(variants.front().second->digest).second) {
    out.push_back(Compare("smaller", *variants.front().second, input, memo));
  }
  return out;
}

}  // namespace drydock::baseimage
