// BuildDb: feeds -> one FlatBuffers file (schema in db.fbs), written atomically.
#include <flatbuffers/flatbuffers.h>
#include <fmt/chrono.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "common/file.h"
#include "vulndb/advisory_table.h"
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

using Id = AdvisoryTable::Id;

// A rough upper bound of the bytes one advisory adds, to refuse before the builder overflows.
std::size_t EstimateBytes(const AdvisoryRef& advisory) {
  const AdvisoryTable& table = *advisory.table;
  const AdvisoryTable::Row& row = advisory.Row();
  auto bytes_of = [&](Id id) { return table.Text(id).size(); };
  std::size_t bytes = 64 + bytes_of(row.id) + bytes_of(row.summary) + bytes_of(row.cvss);
  for (Id alias : table.List(row.aliases)) bytes += 16 + bytes_of(alias);
  for (std::uint32_t e = row.entries.begin; e < row.entries.begin + row.entries.size; ++e) {
    const AdvisoryTable::Entry& entry = table.entries()[e];
    bytes += 64 + bytes_of(entry.package);
    for (std::uint32_t r = entry.ranges.begin; r < entry.ranges.begin + entry.ranges.size; ++r) {
      const AdvisoryTable::Range& range = table.ranges()[r];
      bytes += 64 + bytes_of(range.introduced) + bytes_of(range.fixed) + bytes_of(range.last_affected);
      for (Id limit : table.List(range.limits)) bytes += 16 + bytes_of(limit);
    }
    for (Id version : table.List(entry.versions)) bytes += 16 + bytes_of(version);
  }
  return bytes;
}

// Every feed's advisories as rows of a table: a feed's compact rows in place, its full-form advisories interned
// into a table of their own first, and the rare advisory two feeds both name merged into `merged`.
struct Input {
  std::deque<AdvisoryTable> interned;
  AdvisoryTable merged;
  std::vector<AdvisoryRef> advisories;
};

void CollectAdvisories(std::span<const FeedData> feeds, Input& input) {
  auto add_rows = [&](const AdvisoryTable& table) {
    for (std::uint32_t row = 0; row < table.size(); ++row) input.advisories.push_back(AdvisoryRef{&table, row});
  };
  for (const FeedData& feed : feeds) {
    if (!feed.advisories.empty()) {
      AdvisoryTable& table = input.interned.emplace_back();
      for (const Advisory& advisory : feed.advisories) table.Add(advisory);
      add_rows(table);
    }
    add_rows(feed.compact);
  }
}

// Feeds may name one advisory twice (two OSV dumps, two secdb files of one repo): keep one per
// (data_source, id), with the union of its affected entries, in the place of the first one seen.
void Deduplicate(Input& input) {
  std::vector<AdvisoryRef>& advisories = input.advisories;
  std::vector<std::uint32_t> order(advisories.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::uint32_t i) {
    const AdvisoryRef& a = advisories[i];
    return std::pair(a.Text(a.Row().data_source), a.Text(a.Row().id));
  };
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  bool dropped = false;
  for (std::size_t begin = 0, end = 0; begin < order.size(); begin = end) {
    for (end = begin + 1; end < order.size() && key(order[end]) == key(order[begin]); ++end) {
    }
    if (end - begin == 1) continue;
    const AdvisoryRef& first = advisories[order[begin]];
    Advisory merged = first.table->Get(first.row);
    for (std::size_t k = begin + 1; k < end; ++k) {
      const AdvisoryRef& other = advisories[order[k]];
      const AdvisoryTable::Row& row = other.Row();
      for (std::uint32_t e = row.entries.begin; e < row.entries.begin + row.entries.size; ++e) {
        Affected entry = other.table->GetEntry(e);
        if (std::find(merged.affected.begin(), merged.affected.end(), entry) == merged.affected.end()) {
          merged.affected.push_back(std::move(entry));
        }
      }
      advisories[order[k]].table = nullptr;
    }
    advisories[order[begin]] = AdvisoryRef{&input.merged, static_cast<std::uint32_t>(input.merged.size())};
    input.merged.Add(merged);
    dropped = true;
  }
  if (dropped) std::erase_if(advisories, [](const AdvisoryRef& a) { return a.table == nullptr; });
}

std::vector<std::string_view> Texts(const AdvisoryTable& table, AdvisoryTable::Span span) {
  std::vector<std::string_view> texts;
  texts.reserve(span.size);
  for (Id id : table.List(span)) texts.push_back(table.Text(id));
  return texts;
}

// The calls and their order are what they were for full-form advisories: the same DB bytes.
Offset<fb::Affected> WriteAffected(FlatBufferBuilder& builder, const AdvisoryTable& table,
                                   const AdvisoryTable::Entry& affected, std::uint32_t advisory) {
  std::vector<Offset<fb::Range>> ranges;
  for (std::uint32_t r = affected.ranges.begin; r < affected.ranges.begin + affected.ranges.size; ++r) {
    const AdvisoryTable::Range& range = table.ranges()[r];
    Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> limits;  // absent unless the range has limits
    if (range.limits.size != 0) {
      const std::vector<std::string_view> texts = Texts(table, range.limits);
      limits = builder.CreateVectorOfStrings(texts.begin(), texts.end());
    }
    const auto introduced = builder.CreateSharedString(table.Text(range.introduced));
    const auto fixed = builder.CreateString(table.Text(range.fixed));
    const auto last_affected = builder.CreateString(table.Text(range.last_affected));
    const auto type = builder.CreateSharedString(table.Text(range.type));
    ranges.push_back(fb::CreateRange(builder, introduced, fixed, last_affected, type, limits));
  }
  const std::vector<std::string_view> versions = Texts(table, affected.versions);
  const std::string_view severity = table.Text(affected.severity);
  return fb::CreateAffected(builder, builder.CreateSharedString(table.Text(affected.ecosystem)),
                            builder.CreateString(table.Text(affected.package)), builder.CreateVector(ranges),
                            builder.CreateVectorOfStrings(versions.begin(), versions.end()),
                            builder.CreateSharedString(table.Text(affected.status)), advisory,
                            severity.empty() ? 0 : builder.CreateSharedString(severity));
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
  Input input;
  CollectAdvisories(feeds, input);
  Deduplicate(input);
  const std::vector<AdvisoryRef>& advisories = input.advisories;
  std::size_t estimate = 0;
  for (const AdvisoryRef& advisory : advisories) estimate += EstimateBytes(advisory);
  if (estimate > kMaxDbBytes) return Fail("{}: about {} bytes of advisories, over {}", out_path, estimate, kMaxDbBytes);

  // Sized from the estimate: growing by doubling holds the old and the new buffer at once.
  FlatBufferBuilder builder(std::max<std::size_t>(std::size_t{1} << 20, estimate));
  std::vector<Offset<fb::Vulnerability>> vulnerability_tables;
  const std::vector<std::uint32_t> group_of = GroupAdvisories(advisories, feeds, [&](VulnerabilityGroup&& group) {
    vulnerability_tables.push_back(WriteVulnerability(builder, group));
  });
  std::vector<Offset<fb::Advisory>> advisory_tables;
  // (advisory index, entry index in its table), sorted by (ecosystem, package, advisory) so Lookup can
  // binary-search the mapped vector; 8 bytes an entry, where a tuple of two string_views and a pointer was 48.
  struct EntryRef {
    std::uint32_t advisory;
    std::uint32_t entry;
  };
  std::vector<EntryRef> entries;
  // Sized once: growing by doubling held the old and new arrays at once (millions of entries).
  std::size_t entry_count = 0;
  for (const AdvisoryRef& advisory : advisories) entry_count += advisory.Row().entries.size;
  entries.reserve(entry_count);
  advisory_tables.reserve(advisories.size());
  for (std::uint32_t i = 0; i < advisories.size(); ++i) {
    const AdvisoryTable& table = *advisories[i].table;
    const AdvisoryTable::Row& a = advisories[i].Row();
    const std::vector<std::string_view> aliases = Texts(table, a.aliases);
    // The id and summary are shared: the Debian tracker files each CVE, description and all, once per release.
    advisory_tables.push_back(fb::CreateAdvisory(
        builder, builder.CreateSharedString(table.Text(a.id)), builder.CreateVectorOfStrings(aliases.begin(), aliases.end()),
        builder.CreateSharedString(table.Text(a.summary)),
        builder.CreateSharedString(table.Text(a.severity)), builder.CreateSharedString(table.Text(a.severity_source)),
        builder.CreateSharedString(table.Text(a.cvss)), builder.CreateSharedString(table.Text(a.data_source)),
        group_of[i]));
    for (std::uint32_t e = a.entries.begin; e < a.entries.begin + a.entries.size; ++e) {
      const AdvisoryTable::Entry& affected = table.entries()[e];
      if (affected.ecosystem == 0 || affected.package == 0) continue;  // "": nothing could look it up
      entries.push_back(EntryRef{i, e});
    }
  }
  auto entry_of = [&](const EntryRef& ref) -> const AdvisoryTable::Entry& {
    return advisories[ref.advisory].table->entries()[ref.entry];
  };
  // Equal ids of one table are equal strings, so most comparisons need not read the bytes.
  auto compare = [&](const EntryRef& x, const EntryRef& y, Id AdvisoryTable::Entry::*field) {
    const AdvisoryTable* x_table = advisories[x.advisory].table;
    const AdvisoryTable* y_table = advisories[y.advisory].table;
    const Id x_id = entry_of(x).*field, y_id = entry_of(y).*field;
    if (x_table == y_table && x_id == y_id) return 0;
    return x_table->Text(x_id).compare(y_table->Text(y_id));
  };
  // Ties (one advisory naming a package twice) keep the order the entries were read in.
  std::sort(entries.begin(), entries.end(), [&](const EntryRef& x, const EntryRef& y) {
    if (int c = compare(x, y, &AdvisoryTable::Entry::ecosystem); c != 0) return c < 0;
    if (int c = compare(x, y, &AdvisoryTable::Entry::package); c != 0) return c < 0;
    return std::tie(x.advisory, x.entry) < std::tie(y.advisory, y.entry);
  });
  std::vector<Offset<fb::Affected>> affected_tables;
  affected_tables.reserve(entries.size());
  for (const EntryRef& ref : entries) {
    affected_tables.push_back(WriteAffected(builder, *advisories[ref.advisory].table, entry_of(ref), ref.advisory));
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
