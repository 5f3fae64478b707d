#include "vulndb/string_pool.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace drydock {
namespace {

// Blocks double from 4 KiB to 1 MiB, so a pool of a few strings (one small feed file, one fuzz input) does not
// map and fault in a whole megabyte; a string longer than the next block gets a block of its own.
constexpr std::size_t kFirstBlockBytes = std::size_t{1} << 12;
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
constexpr std::size_t kFirstSlots = 1024;

std::size_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

StringPool::StringPool() : slots_(kFirstSlots, 0) { Intern(""); }

StringPool::StringPool(const StringPool& other) : StringPool() {
  for (Id id = 1; id < other.size(); ++id) Intern(other.View(id));
}

StringPool& StringPool::operator=(const StringPool& other) {
  if (this != &other) *this = StringPool(other);
  return *this;
}

std::string_view StringPool::View(Id id) const {
  const char* start = starts_[id];
  std::uint32_t length = 0;
  std::memcpy(&length, start, sizeof length);
  return {start + sizeof length, length};
}

const char* StringPool::Store(std::string_view text) {
  const std::uint32_t length = static_cast<std::uint32_t>(text.size());  // inputs are bounded far below 4 GiB
  const std::size_t needed = sizeof length + text.size();
  if (needed > free_bytes_) {
    const std::size_t doubled = kFirstBlockBytes << std::min<std::size_t>(blocks_.size(), 8);
    const std::size_t bytes = std::max(std::min(doubled, kBlockBytes), needed);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    free_ = blocks_.back().get();
    free_bytes_ = bytes;
  }
  char* start = free_;
  std::memcpy(start, &length, sizeof length);
  if (!text.empty()) std::memcpy(start + sizeof length, text.data(), text.size());
  free_ += needed;
  free_bytes_ -= needed;
  return start;
}

void StringPool::Rehash(std::size_t slot_count) {
  slots_.assign(slot_count, 0);
  const std::size_t mask = slot_count - 1;
  for (Id id = 0; id < starts_.size(); ++id) {
    std::size_t slot = Hash(View(id)) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = id + 1;
  }
}

StringPool::Id StringPool::Intern(std::string_view text) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = Hash(text) & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    if (View(slots_[slot] - 1) == text) return slots_[slot] - 1;
  }
  const Id id = static_cast<Id>(starts_.size());
  starts_.push_back(Store(text));
  slots_[slot] = id + 1;
  if (starts_.size() * 4 > slots_.size() * 3) Rehash(slots_.size() * 2);
  return id;
}

}  // namespace drydock
