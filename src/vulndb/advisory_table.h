// Advisories in compact form: every string interned once (StringPool), each record a few 32-bit ids in flat
// arrays. The large feeds (Alpine secdb, the Debian tracker) are read into this form: a full Advisory with one
// Affected entry costs 850-1,000 bytes; a row here about 100, and a CVE's description is stored once, not once
// per release.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "drydock/advisory.h"
#include "vulndb/string_pool.h"

namespace drydock {

class AdvisoryTable {
 public:
  using Id = StringPool::Id;
  struct Span {  // a slice of one of the flat arrays below
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  struct Range {  // AffectedRange
    Id introduced = 0, fixed = 0, last_affected = 0, type = 0;
    Span limits;  // into lists()
  };
  struct Entry {  // Affected
    Id ecosystem = 0, package = 0, status = 0, severity = 0;
    Span ranges;    // into ranges()
    Span versions;  // into lists()
  };
  struct Row {  // Advisory, without the fields only VulnDb::Lookup fills
    Id id = 0, summary = 0, severity = 0, severity_source = 0, cvss = 0, data_source = 0;
    Span aliases;  // into lists()
    Span entries;  // into entries()
  };

  // Appends a full advisory.
  void Add(const Advisory& advisory);

  // Readers that assemble rows from interned strings append an advisory's ranges and id lists, then its
  // entries, then its row: an entry's ranges and a row's entries are contiguous.
  Id Intern(std::string_view text) { return strings_.Intern(text); }
  Span AddList(std::span<const Id> ids);
  Span AddRanges(std::span<const Range> ranges);
  Span AddEntries(std::span<const Entry> entries);
  // One entry: a row's entries may also be added one at a time, just before the row.
  std::uint32_t AddEntry(const Entry& entry) {
    entries_.push_back(entry);
    return static_cast<std::uint32_t>(entries_.size() - 1);
  }
  void AddRow(const Row& row) { rows_.push_back(row); }
  // Sizes the arrays once: growing by doubling holds the old and the new array at once.
  void Reserve(std::size_t rows, std::size_t entries, std::size_t ranges);

  std::string_view Text(Id id) const { return strings_.View(id); }
  std::span<const Id> List(Span span) const { return {lists_.data() + span.begin, span.size}; }
  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<Range>& ranges() const { return ranges_; }

  // Full forms, made on demand (tests, and the rare advisory two feeds both name).
  Advisory Get(std::size_t row) const;
  Affected GetEntry(std::size_t entry) const;
  std::vector<Advisory> ToVector() const;

  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  Advisory operator[](std::size_t row) const { return Get(row); }
  bool operator==(const AdvisoryTable& other) const { return ToVector() == other.ToVector(); }

  // Iterates full Advisory values (`for (const Advisory& a : table)`).
  class Iterator {
   public:
    Iterator(const AdvisoryTable* table, std::size_t row) : table_(table), row_(row) {}
    Advisory operator*() const { return table_->Get(row_); }
    Iterator& operator++() {
      ++row_;
      return *this;
    }
    bool operator==(const Iterator&) const = default;

   private:
    const AdvisoryTable* table_;
    std::size_t row_;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, rows_.size()}; }

 private:
  std::vector<std::string> Strings(Span span) const;

  StringPool strings_;
  std::vector<Row> rows_;
  std::vector<Entry> entries_;
  std::vector<Range> ranges_;
  std::vector<Id> lists_;
};

}  // namespace drydock
