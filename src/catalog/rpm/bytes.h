// Bounds-checked fixed-width integer reads for the rpm database parsers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace drydock::rpm_internal {

// The `width`-byte unsigned integer at `offset` in the given byte order; nullopt when it does not fit.
inline std::optional<std::uint32_t> ReadUint(std::string_view bytes, std::size_t offset, std::size_t width,
                                             bool big_endian) {
  if (offset > bytes.size() || bytes.size() - offset < width) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t at = big_endian ? offset + i : offset + width - 1 - i;
    value = (value << 8) | static_cast<unsigned char>(bytes[at]);
  }
  return value;
}

inline std::optional<std::uint32_t> Be32(std::string_view bytes, std::size_t offset) {
  return ReadUint(bytes, offset, 4, true);
}

inline std::optional<std::uint32_t> Le32(std::string_view bytes, std::size_t offset) {
  return ReadUint(bytes, offset, 4, false);
}

}  // namespace drydock::rpm_internal
