// Each distinct string of a feed kept once, named by a 32-bit id. A large feed repeats a few thousand release
// names, statuses, urgencies, versions and package names millions of times; a std::string apiece (32 bytes, plus
// a heap block for longer ones) was most of a 500 MB tracker's memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace drydock {

class StringPool {
 public:
  using Id = std::uint32_t;
  static constexpr Id kEmpty = 0;  // "" is always interned, as id 0

  StringPool();
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;
  StringPool(const StringPool& other);
  StringPool& operator=(const StringPool& other);

  // The id of `text`, adding it when new. Equal strings get equal ids within one pool.
  Id Intern(std::string_view text);
  // Valid while the pool lives (the bytes never move).
  std::string_view View(Id id) const;
  std::size_t size() const { return starts_.size(); }

 private:
  const char* Store(std::string_view text);
  void Rehash(std::size_t slot_count);

  // Each string as its 4-byte length then its bytes, in blocks that are never reallocated.
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t free_bytes_ = 0;
  std::vector<const char*> starts_;  // by id: where its length is; 8 bytes an id, where a string_view was 16
  std::vector<Id> slots_;            // open addressing: 1 + id, 0 for an empty slot; at most 3/4 full
};

}  // namespace drydock
