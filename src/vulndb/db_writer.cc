// BuildDb: feeds -> one FlatBuffers file (schema in db.fbs), written atomically.
#include <flatbuffers/flatbuffers.h>
#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "common/file.h"
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
// (data_source, id), with the union of its affected entries.
std::vector<Advisory> Deduplicate(std::span<const FeedData> feeds) {
  std::vector<Advisory> out;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const FeedData& feed : feeds) {
    for (const Advisory& advisory : feed.advisories) {
      auto [it, inserted] = index.try_emplace({advisory.data_source, advisory.id}, out.size());
      if (inserted) {
        out.push_back(advisory);
        continue;
      }
      auto& affected = out[it->second].affected;
      for (const Affected& entry : advisory.affected) {
        if (std::find(affected.begin(), affected.end(), entry) == affected.end()) affected.push_back(entry);
      }
    }
  }
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
                            builder.CreateSharedString(affected.status), advisory);
}

}  // namespace

Status BuildDb(std::span<const FeedData> feeds, const std::string& out_path, std::span<const MissingSource> missing) {
  const std::vector<Advisory> advisories = Deduplicate(feeds);
  std::size_t estimate = 0;
  for (const Advisory& advisory : advisories) estimate += EstimateBytes(advisory);
  if (estimate > kMaxDbBytes) return Fail("{}: about {} bytes of advisories, over {}", out_path, estimate, kMaxDbBytes);

  FlatBufferBuilder builder(1 << 20);
  std::vector<Offset<fb::Advisory>> advisory_tables;
  // (ecosystem, package, advisory index, entry): sorted so Lookup can binary-search the mapped vector.
  std::vector<std::tuple<std::string_view, std::string_view, std::uint32_t, const Affected*>> entries;
  for (std::size_t i = 0; i < advisories.size(); ++i) {
    const Advisory& a = advisories[i];
    advisory_tables.push_back(fb::CreateAdvisory(
        builder, builder.CreateString(a.id), builder.CreateVectorOfStrings(a.aliases), builder.CreateString(a.summary),
        builder.CreateSharedString(a.severity), builder.CreateSharedString(a.severity_source),
        builder.CreateSharedString(a.cvss), builder.CreateSharedString(a.data_source)));
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
                                 builder.CreateVector(affected_tables), missing_vector);
  fb::FinishDbBuffer(builder, root);
  const std::string_view bytes(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  if (auto written = WriteFileAtomic(out_path, bytes); !written) return written;
  return {};
}

}  // namespace drydock
