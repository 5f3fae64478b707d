#include "vulndb/advisory_table.h"

#include <string>

namespace drydock {
namespace {

std::uint32_t Size32(std::size_t size) { return static_cast<std::uint32_t>(size); }

}  // namespace

AdvisoryTable::Span AdvisoryTable::AddList(std::span<const Id> ids) {
  const Span span{Size32(lists_.size()), Size32(ids.size())};
  lists_.insert(lists_.end(), ids.begin(), ids.end());
  return span;
}

AdvisoryTable::Span AdvisoryTable::AddRanges(std::span<const Range> ranges) {
  const Span span{Size32(ranges_.size()), Size32(ranges.size())};
  ranges_.insert(ranges_.end(), ranges.begin(), ranges.end());
  return span;
}

AdvisoryTable::Span AdvisoryTable::AddEntries(std::span<const Entry> entries) {
  const Span span{Size32(entries_.size()), Size32(entries.size())};
  entries_.insert(entries_.end(), entries.begin(), entries.end());
  return span;
}

void AdvisoryTable::Reserve(std::size_t rows, std::size_t entries, std::size_t ranges) {
  rows_.reserve(rows);
  entries_.reserve(entries);
  ranges_.reserve(ranges);
}

void AdvisoryTable::Add(const Advisory& advisory) {
  auto list = [&](const std::vector<std::string>& texts) {
    std::vector<Id> ids;
    ids.reserve(texts.size());
    for (const std::string& text : texts) ids.push_back(Intern(text));
    return AddList(ids);
  };
  std::vector<Entry> entries;
  entries.reserve(advisory.affected.size());
  for (const Affected& affected : advisory.affected) {
    std::vector<Range> ranges;
    ranges.reserve(affected.ranges.size());
    for (const AffectedRange& r : affected.ranges) {
      ranges.push_back(Range{Intern(r.introduced), Intern(r.fixed), Intern(r.last_affected), Intern(r.type),
                             list(r.limits)});
    }
    entries.push_back(Entry{Intern(affected.ecosystem), Intern(affected.package), Intern(affected.status),
                            Intern(affected.severity), AddRanges(ranges), list(affected.versions)});
  }
  AddRow(Row{Intern(advisory.id), Intern(advisory.summary), Intern(advisory.severity),
             Intern(advisory.severity_source), Intern(advisory.cvss), Intern(advisory.data_source),
             list(advisory.aliases), AddEntries(entries)});
}

std::vector<std::string> AdvisoryTable::Strings(Span span) const {
  std::vector<std::string> out;
  out.reserve(span.size);
  for (Id id : List(span)) out.emplace_back(Text(id));
  return out;
}

Affected AdvisoryTable::GetEntry(std::size_t index) const {
  const Entry& entry = entries_[index];
  Affected out{std::string(Text(entry.ecosystem)), std::string(Text(entry.package)), {}, Strings(entry.versions),
               std::string(Text(entry.status)), std::string(Text(entry.severity))};
  for (std::uint32_t i = entry.ranges.begin; i < entry.ranges.begin + entry.ranges.size; ++i) {
    const Range& r = ranges_[i];
    out.ranges.push_back(AffectedRange{std::string(Text(r.introduced)), std::string(Text(r.fixed)),
                                       std::string(Text(r.last_affected)), std::string(Text(r.type)),
                                       Strings(r.limits)});
  }
  return out;
}

Advisory AdvisoryTable::Get(std::size_t index) const {
  const Row& row = rows_[index];
  Advisory out;
  out.id = Text(row.id);
  out.aliases = Strings(row.aliases);
  out.summary = Text(row.summary);
  out.severity = Text(row.severity);
  out.severity_source = Text(row.severity_source);
  out.cvss = Text(row.cvss);
  out.data_source = Text(row.data_source);
  for (std::uint32_t i = row.entries.begin; i < row.entries.begin + row.entries.size; ++i) {
    out.affected.push_back(GetEntry(i));
  }
  return out;
}

std::vector<Advisory> AdvisoryTable::ToVector() const {
  std::vector<Advisory> out;
  out.reserve(rows_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) out.push_back(Get(i));
  return out;
}

}  // namespace drydock
