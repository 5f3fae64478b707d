#include "vulndb/string_pool.h"

#include <cstring>
#include <functional>

namespace drydock {
namespace {

// Blocks this size hold most strings; a longer one gets a block of its own.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
constexpr std::size_t kFirstSlots = 1024;

std::size_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

StringPool::StringPool() : slots_(kFirstSlots, 0) { Intern(""); }

StringPool::StringPool(const StringPool& other) : StringPool() {
  for (std::size_t id = 1; id < other.views_.size(); ++id) Intern(other.views_[id]);
}

StringPool& StringPool::operator=(const StringPool& other) {
  if (this != &other) *this = StringPool(other);
  return *this;
}

std::string_view StringPool::Store(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > free_bytes_) {
    const std::size_t bytes = std::max(kBlockBytes, text.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    free_ = blocks_.back().get();
    free_bytes_ = bytes;
  }
  std::memcpy(free_, text.data(), text.size());
  const std::string_view stored(free_, text.size());
  free_ += text.size();
  free_bytes_ -= text.size();
  return stored;
}

void StringPool::Rehash(std::size_t slot_count) {
  slots_.assign(slot_count, 0);
  const std::size_t mask = slot_count - 1;
  for (Id id = 0; id < views_.size(); ++id) {
    std::size_t slot = Hash(views_[id]) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = id + 1;
  }
}

StringPool::Id StringPool::Intern(std::string_view text) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = Hash(text) & mask;
  for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
    if (views_[slots_[slot] - 1] == text) return slots_[slot] - 1;
  }
  const Id id = static_cast<Id>(views_.size());
  views_.push_back(Store(text));
  slots_[slot] = id + 1;
  if (views_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
  return id;
}

}  // namespace drydock
