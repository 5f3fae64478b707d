// PackageTable: a scan's package list, stored compactly. A dpkg status of 700,000 stanzas gave 700,000
// `Package` values of 384 bytes each plus their heap text (~630 bytes a package, 7.9x the file); the table
// keeps each package as one short record in a few large arena chunks (~100 bytes), with the values that
// repeat on every package (ecosystem, arch, path, layer) stored once, source_name == name and the usual id
// shape not stored at all. Readers get `Package` values back, one at a time: iterating a table yields
// Package by value, so a `for (const Package& p : table)` body sees a temporary (never keep its address).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "drydock/package.h"

namespace drydock {

class PackageTable {
 public:
  // An input iterator over the rows, yielding each as a materialised Package.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Package;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Package;

    Iterator(const PackageTable* table, std::size_t row) : table_(table), row_(row) {}
    Package operator*() const { return (*table_)[row_]; }
    Iterator& operator++() { ++row_; return *this; }
    Iterator operator++(int) { Iterator old = *this; ++row_; return old; }
    bool operator==(const Iterator& other) const { return row_ == other.row_; }

   private:
    const PackageTable* table_;
    std::size_t row_;
  };
  using const_iterator = Iterator;
  using iterator = Iterator;
  using value_type = Package;

  PackageTable() = default;
  PackageTable(std::initializer_list<Package> packages);
  PackageTable(const std::vector<Package>& packages);  // NOLINT: implicit, so a vector can stand for a table
  PackageTable(const PackageTable& other);
  PackageTable& operator=(const PackageTable& other);
  PackageTable(PackageTable&&) noexcept = default;
  PackageTable& operator=(PackageTable&&) noexcept = default;

  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  Package operator[](std::size_t row) const;
  Package at(std::size_t row) const;  // std::out_of_range past the end, as std::vector::at
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, rows_.size()}; }
  std::vector<Package> ToVector() const;

  void reserve(std::size_t rows) { rows_.reserve(rows); }
  void push_back(const Package& package);
  void clear();

  // The sort key fields of a row, without materialising it.
  std::string_view Ecosystem(std::size_t row) const;
  std::string_view Name(std::size_t row) const;
  // The row's id, as Package::id.
  std::string Id(std::size_t row) const;
  // Copies of the rows (the first of each id) whose id is in `ids`, by id: a lookup by id that keeps no
  // pointer into the table, whose rows are temporaries.
  std::unordered_map<std::string, Package> ById(const std::unordered_set<std::string>& ids) const;

  // Replaces a row. Its old record stays in the arena as garbage: for a few rows, not all (see Rewrite).
  void Set(std::size_t row, const Package& package);
  void SetDev(std::size_t row, bool dev);
  void SetBase(std::size_t row, bool base);

  // Calls `change` on every row in order, keeping the rows it returns true for, as changed. The records are
  // written afresh and each old arena chunk is freed once passed, so rewriting a whole table costs little
  // more than the table itself.
  void Rewrite(const std::function<bool(Package&)>& change);
  void SetPaths(std::string_view path);  // every row's path, as a cataloger names the file it parsed
  void EraseIf(const std::function<bool(const Package&)>& erase);
  void EraseRows(const std::vector<bool>& erase);  // erase[row] for every row
  // Inserts copies of `other`'s rows before row `at`.
  void Insert(std::size_t at, const PackageTable& other);
  // Sorts by ecosystem, name, version, arch (std::sort: the order of equal keys is std::sort's, as it was on
  // a vector of the same packages).
  void SortByKey();

  bool operator==(const PackageTable& other) const;

 private:
  // Where a record starts: its arena chunk and its offset inside it.
  struct Row {
    std::uint32_t chunk;
    std::uint32_t offset;
  };
  struct KeyFields;
  class Cursor;

  Row Append(const Package& package);
  const char* Record(Row row) const { return chunks_[row.chunk].data() + row.offset; }
  Package Decode(Row row) const;
  Package DecodeAt(const char* record) const;
  KeyFields Keys(Row row) const;
  // A value stored once in words_: its index, or -1 when it is not (yet) there and the pool is full.
  std::int64_t Intern(std::string_view value);
  void RebuildIndex();

  std::vector<Row> rows_;
  std::vector<std::string> chunks_;  // each reserved ahead and never grown past its capacity
  std::deque<std::string> words_;    // values stored once; a deque so the index's views stay valid
  std::unordered_map<std::string_view, std::uint32_t> word_index_;
};

}  // namespace drydock
