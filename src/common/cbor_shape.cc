#include "common/cbor_shape.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace drydock {
namespace {

// One item's head: major type and argument, or additional info 31 (indefinite length, or a break).
struct Head {
  int major = 0;
  std::uint64_t argument = 0;
  bool indefinite = false;
};

std::optional<Head> ReadHead(std::string_view bytes, std::size_t& at) {
  if (at >= bytes.size()) return std::nullopt;
  const auto initial = static_cast<std::uint8_t>(bytes[at++]);
  Head head{.major = initial >> 5, .argument = initial & 0x1fU};
  if (head.argument < 24) return head;
  if (head.argument == 31) {
    head.indefinite = true;
    return head;
  }
  if (head.argument > 27) return std::nullopt;  // 28-30 are reserved
  const std::size_t size = std::size_t{1} << (head.argument - 24);
  if (bytes.size() - at < size) return std::nullopt;
  head.argument = 0;
  for (std::size_t i = 0; i < size; ++i) head.argument = head.argument << 8 | static_cast<std::uint8_t>(bytes[at++]);
  return head;
}

// An open container: how many items it still holds, or (indefinite) until a break.
struct Open {
  std::uint64_t items_left;
  bool indefinite;
};

}  // namespace

CborShape CheckCborShape(std::string_view bytes, std::size_t max_depth) {
  auto bad = [](std::string problem) { return CborShape{.too_deep = false, .problem = std::move(problem)}; };
  std::vector<Open> open;
  std::size_t at = 0;
  bool started = false;
  while (!started || !open.empty()) {
    started = true;
    // A definite container with no items left is done; a break ends an indefinite one.
    if (!open.empty() && !open.back().indefinite && open.back().items_left == 0) {
      open.pop_back();
      continue;
    }
    const std::size_t item_at = at;
    if (!open.empty() && open.back().indefinite && at < bytes.size() &&
        static_cast<std::uint8_t>(bytes[at]) == 0xff) {
      ++at;
      open.pop_back();
      continue;
    }
    auto head = ReadHead(bytes, at);
    if (!head) return bad(fmt::format("malformed or truncated item at byte {}", item_at));
    if (!open.empty() && !open.back().indefinite) --open.back().items_left;
    switch (head->major) {
      case 0: case 1:
        if (head->indefinite) return bad(fmt::format("malformed integer at byte {}", item_at));
        break;
      case 2: case 3:
        if (head->indefinite) {
          // Definite-length chunks of the same type, then a break.
          for (;;) {
            if (at >= bytes.size()) return bad(fmt::format("unterminated string at byte {}", item_at));
            if (static_cast<std::uint8_t>(bytes[at]) == 0xff) {
              ++at;
              break;
            }
            const std::size_t chunk_at = at;
            auto chunk = ReadHead(bytes, at);
            if (!chunk || chunk->major != head->major || chunk->indefinite) {
              return bad(fmt::format("string chunk at byte {} is not a definite-length string of its type", chunk_at));
            }
            if (bytes.size() - at < chunk->argument) return bad(fmt::format("truncated string at byte {}", chunk_at));
            at += chunk->argument;
          }
        } else {
          if (bytes.size() - at < head->argument) return bad(fmt::format("truncated string at byte {}", item_at));
          at += head->argument;
        }
        break;
      case 4: case 5: case 6: {
        if (open.size() >= max_depth) {
          return CborShape{.too_deep = true, .problem = fmt::format("nested deeper than {} levels at byte {}", max_depth, item_at)};
        }
        if (head->major == 6 && head->indefinite) return bad(fmt::format("malformed tag at byte {}", item_at));
        std::uint64_t items = head->major == 6 ? 1 : head->argument;
        // Each item is at least one byte, so a count past the bytes left is a truncation, not a loop to run.
        if (head->major == 5 && !head->indefinite) {
          if (items > (bytes.size() - at) / 2) return bad(fmt::format("truncated map at byte {}", item_at));
          items *= 2;
        } else if (!head->indefinite && items > bytes.size() - at) {
          return bad(fmt::format("truncated array at byte {}", item_at));
        }
        open.push_back({items, head->indefinite && head->major != 6});
        break;
      }
      default:  // 7: simple values and floats; their bytes were the argument
        if (head->indefinite) return bad(fmt::format("break outside an indefinite-length item at byte {}", item_at));
        break;
    }
  }
  if (at != bytes.size()) return bad(fmt::format("{} bytes after the item", bytes.size() - at));
  return {};
}

}  // namespace drydock
