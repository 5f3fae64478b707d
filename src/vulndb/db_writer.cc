// BuildDb: feeds -> one FlatBuffers file (schema in db.fbs), written atomically.
#include <flatbuffers/flatbuffers.h>
#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <tuple>

#include "common/file.h"
#include "vulndb/alias_groups.h"
#include "vulndb/db_generated.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

namespace fb = drydock::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// FlatBuffers offsets are 32-bit signed; stop well before the builder would hit its hard limit (an abort).
constexpr std::size_t kMaxDbBytes = std::size_t{1} << 30;

std::string NowRfc3339() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

// A rough upper bound of the bytes one advisory adds, to refuse before the builder overflows.
std::size_t EstimateBytes(const Advisory& advisory) {
  std::size_t bytes = 64 + advisory.id.size() + advisory.summary.size() + advisory.cvss.size();
  for (const auto& alias : advisory.aliases) bytes += 16 + alias.size();
  for (const Affected& affected : advisory.affected) {
    bytes += 64 + affected.package.size();
    for (const auto& range : affected.ranges) {
      bytes += 64 + range.introduced.size() + range.fixed.size() + range.last_affected.size();
      for (const auto& limit : range.limits) bytes += 16 + limit.size();
    }
    for (const auto& version : affected.versions) bytes += 16 + version.size();
  }
  return bytes;
}

// Feeds may name one advisory twice (two OSV dumps, two secdb files of one repo): keep one per
// (data_source, id), with the union of its affected entries. The result points into the feeds, in first-seen
// order; only an advisory named twice is copied (into `merged`, whose elements never move). Copying every
// advisory doubled a DB build's memory.
struct Deduplicated {
  std::vector<const Advisory*> advisories;
  std::deque<Advisory> merged;
};

Deduplicated Deduplicate(std::span<const FeedData> feeds) {
  Deduplicated out;
  for (const FeedData& feed : feeds) {
    for (const Advisory& advisory : feed.advisories) out.advisories.push_back(&advisory);
  }
  std::vector<std::uint32_t> order(out.advisories.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::uint32_t i) { return std::tie(out.advisories[i]->data_source, out.advisories[i]->id); };
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  bool dropped = false;
  for (std::size_t begin = 0, end = 0; begin < order.size(); begin = end) {
    for (end = begin + 1; end < order.size() && key(order[end]) == key(order[begin]); ++end) {
    }
    if (end - begin == 1) continue;
    Advisory& merged = out.merged.emplace_back(*out.advisories[order[begin]]);  // the first one seen, kept in place
    for (std::size_t k = begin + 1; k < end; ++k) {
      for (const Affected& entry : out.advisories[order[k]]->affected) {
        if (std::find(merged.affected.begin(), merged.affected.end(), entry) == merged.affected.end()) {
          merged.affected.push_back(entry);
        }
      }
      out.advisories[order[k]] = nullptr;
    }
    out.advisories[order[begin]] = &merged;
    dropped = true;
  }
  if (dropped) std::erase(out.advisories, nullptr);
  return out;
}

Offset<fb::Affected> WriteAffected(FlatBufferBuilder& builder, const Affected& affected, std::uint32_t advisory) {
  std::vector<Offset<fb::Range>> ranges;
  for (const AffectedRange& range : affected.ranges) {
    Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> limits;  // absent unless the range has limits
    if (!range.limits.empty()) limits = builder.CreateVectorOfStrings(range.limits);
    const auto introduced = builder.CreateSharedString(range.introduced);
    const auto fixed = builder.CreateString(range.fixed);
    const auto last_affected = builder.CreateString(range.last_affected);
    const auto type = builder.CreateSharedString(range.type);
    ranges.push_back(fb::CreateRange(builder, introduced, fixed, last_affected, type, limits));
  }
  return fb::CreateAffected(builder, builder.CreateSharedString(affected.ecosystem),
                            builder.CreateString(affected.package), builder.CreateVector(ranges),
                            builder.CreateVectorOfStrings(affected.versions),
                            builder.CreateSharedString(affected.status), advisory,
                            affected.severity.empty() ? 0 : builder.CreateSharedString(affected.severity));
}

Offset<fb::Vulnerability> WriteVulnerability(FlatBufferBuilder& builder, const VulnerabilityGroup& group) {
  std::vector<Offset<fb::Rating>> ratings;
  for (const SeverityRating& r : group.ratings) {
    ratings.push_back(fb::CreateRating(builder, builder.CreateSharedString(r.source),
                                       builder.CreateSharedString(r.severity),
                                       r.cvss.empty() ? 0 : builder.CreateSharedString(r.cvss),
                                       builder.CreateSharedString(r.record)));
  }
  return fb::CreateVulnerability(builder, builder.CreateVector(ratings), group.kev,
                                 static_cast<float>(group.epss.value_or(-1)),
                                 static_cast<float>(group.epss_percentile.value_or(-1)));
}

}  // namespace

Status BuildDb(std::span<const FeedData> feeds, const std::string& out_path, std::span<const MissingSource> missing) {
  const Deduplicated deduplicated = Deduplicate(feeds);
  const std::vector<const Advisory*>& advisories = deduplicated.advisories;
  std::size_t estimate = 0;
  for (const Advisory* advisory : advisories) estimate += EstimateBytes(*advisory);
  if (estimate > kMaxDbBytes) return Fail("{}: about {} bytes of advisories, over {}", out_path, estimate, kMaxDbBytes);

  // Sized from the estimate: growing by doubling holds the old and the new buffer at once.
  FlatBufferBuilder builder(std::max<std::size_t>(std::size_t{1} << 20, estimate));
  std::vector<Offset<fb::Vulnerability>> vulnerability_tables;
  const std::vector<std::uint32_t> group_of = GroupAdvisories(advisories, feeds, [&](VulnerabilityGroup&& group) {
    vulnerability_tables.push_back(WriteVulnerability(builder, group));
  });
  std::vector<Offset<fb::Advisory>> advisory_tables;
  // (ecosystem, package, advisory index, entry): sorted so Lookup can binary-search the mapped vector.
  std::vector<std::tuple<std::string_view, std::string_view, std::uint32_t, const Affected*>> entries;
  // Sized once: growing by doubling held the old and new arrays at once (48 bytes an entry, millions of them).
  std::size_t entry_count = 0;
  for (const Advisory* advisory : advisories) entry_count += advisory->affected.size();
  entries.reserve(entry_count);
  advisory_tables.reserve(advisories.size());
  for (std::size_t i = 0; i < advisories.size(); ++i) {
    const Advisory& a = *advisories[i];
    // The id and summary are shared: the Debian tracker files each CVE, description and all, once per release.
    advisory_tables.push_back(fb::CreateAdvisory(
        builder, builder.CreateSharedString(a.id), builder.CreateVectorOfStrings(a.aliases),
        builder.CreateSharedString(a.summary),
        builder.CreateSharedString(a.severity), builder.CreateSharedString(a.severity_source),
        builder.CreateSharedString(a.cvss), builder.CreateSharedString(a.data_source), group_of[i]));
    for (const Affected& affected : a.affected) {
      if (affected.ecosystem.empty() || affected.package.empty()) continue;  // nothing could look it up
      entries.emplace_back(affected.ecosystem, affected.package, static_cast<std::uint32_t>(i), &affected);
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
    return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) <
           std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
  });
  std::vector<Offset<fb::Affected>> affected_tables;
  affected_tables.reserve(entries.size());
  for (const auto& [ecosystem, package, advisory, affected] : entries) {
    affected_tables.push_back(WriteAffected(builder, *affected, advisory));
  }
  std::vector<Offset<fb::Feed>> feed_tables;
  for (const FeedData& feed : feeds) {
    const FeedInfo& info = feed.info;
    feed_tables.push_back(fb::CreateFeed(builder, builder.CreateString(info.name), builder.CreateString(info.source),
                                         builder.CreateString(info.updated), info.advisories, info.skipped));
  }
  std::vector<Offset<fb::Missing>> missing_tables;
  for (const MissingSource& m : missing) {
    missing_tables.push_back(fb::CreateMissing(builder, builder.CreateString(m.source),
                                               builder.CreateVectorOfStrings(m.ecosystems),
                                               builder.CreateString(m.reason)));
  }
  Offset<flatbuffers::Vector<Offset<fb::Missing>>> missing_vector;  // absent in a complete DB
  if (!missing_tables.empty()) missing_vector = builder.CreateVector(missing_tables);
  const auto root = fb::CreateDb(builder, kDbSchemaVersion, builder.CreateString(NowRfc3339()),
                                 builder.CreateVector(feed_tables), builder.CreateVector(advisory_tables),
                                 builder.CreateVector(affected_tables), missing_vector,
                                 builder.CreateVector(vulnerability_tables));
  fb::FinishDbBuffer(builder, root);
  const std::string_view bytes(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  if (auto written = WriteFileAtomic(out_path, bytes); !written) return written;
  return {};
}

}  // namespace drydock
