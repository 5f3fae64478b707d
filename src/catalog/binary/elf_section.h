// Finds one named section in an ELF file held in memory, reading only the ELF header, the section header
// table and the section-name string table. Every offset and size is checked against the buffer, so a
// truncated or lying file gives an Error, never an out-of-range read.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline bool IsElf(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == "\x7f" "ELF"; }

struct ElfSection {
  std::string_view bytes;  // a view into the caller's buffer (empty for SHT_NOBITS)
  std::uint64_t address = 0;
};

struct ElfFile {
  bool is64 = false;
  bool big_endian = false;
};

// The file's class and byte order; an Error when `bytes` is not an ELF header.
Result<ElfFile> ReadElfIdent(std::string_view bytes);

// The section called `name` (".go.buildinfo", ".dep-v0"), nullopt when the file has none (also when it
// has no section table, as some stripped files do).
Result<std::optional<ElfSection>> FindElfSection(std::string_view bytes, std::string_view name);

// The bytes at virtual `address` (length `size`) inside whichever section holds them.
Result<std::string_view> ReadElfAddress(std::string_view bytes, std::uint64_t address, std::uint64_t size);

}  // namespace drydock
