#include "catalog/binary/elf_section.h"

#include <functional>

namespace drydock {
namespace {

// Section tables beyond this are not real executables (Go binaries have ~40 sections).
constexpr std::uint64_t kMaxElfSections = 65536;

class Reader {
 public:
  Reader(std::string_view bytes, ElfFile f) : bytes_(bytes), f_(f) {}
  // Reads an unsigned integer of `width` bytes at `offset`; false when out of range.
  bool Get(std::uint64_t offset, int width, std::uint64_t& out) const {
    if (offset > bytes_.size() || bytes_.size() - offset < static_cast<std::uint64_t>(width)) return false;
    out = 0;
    for (int i = 0; i < width; ++i) {
      const auto byte = static_cast<unsigned char>(bytes_[offset + (f_.big_endian ? i : width - 1 - i)]);
      out = (out << 8) | byte;
    }
    return true;
  }
  std::uint64_t Word() const { return f_.is64 ? 8 : 4; }

 private:
  std::string_view bytes_;
  ElfFile f_;
};

struct SectionHeader {
  std::uint64_t name = 0, type = 0, address = 0, offset = 0, size = 0;
};

// Calls `visit` on each section header until it returns true.
Status ForEachSection(std::string_view bytes, const std::function<bool(const SectionHeader&)>& visit) {
  auto ident = ReadElfIdent(bytes);
  if (!ident) return std::unexpected(ident.error());
  const Reader r(bytes, *ident);
  const std::uint64_t w = r.Word();
  std::uint64_t shoff = 0, shentsize = 0, shnum = 0;
  const std::uint64_t base = ident->is64 ? 0x28 : 0x20;
  if (!r.Get(base, static_cast<int>(w), shoff) || !r.Get(base + w + 10, 2, shentsize) ||
      !r.Get(base + w + 12, 2, shnum)) {
    return Fail("ELF header truncated");
  }
  if (shoff == 0 || shnum == 0) return {};
  if (shoff >= bytes.size()) return Fail("ELF section table at {} lies past the end of the file", shoff);
  if (shnum > kMaxElfSections) return Fail("ELF claims {} sections", shnum);
  const std::uint64_t need = ident->is64 ? 0x40 : 0x28;
  if (shentsize < need) return Fail("ELF section header size {} is too small", shentsize);
  for (std::uint64_t i = 0; i < shnum; ++i) {
    const std::uint64_t at = shoff + i * shentsize;
    SectionHeader h;
    bool ok = r.Get(at, 4, h.name) && r.Get(at + 4, 4, h.type);
    if (ident->is64) {
      ok = ok && r.Get(at + 0x10, 8, h.address) && r.Get(at + 0x18, 8, h.offset) && r.Get(at + 0x20, 8, h.size);
    } else {
      ok = ok && r.Get(at + 0x0c, 4, h.address) && r.Get(at + 0x10, 4, h.offset) && r.Get(at + 0x14, 4, h.size);
    }
    if (!ok) return Fail("ELF section header {} lies past the end of the file", i);
    if (visit(h)) return {};
  }
  return {};
}

Result<std::string_view> SectionBytes(std::string_view bytes, const SectionHeader& h) {
  constexpr std::uint64_t kNoBits = 8;
  if (h.type == kNoBits) return std::string_view();
  if (h.offset > bytes.size() || bytes.size() - h.offset < h.size) {
    return Fail("ELF section at offset {} ({} bytes) lies past the end of the {} byte file", h.offset, h.size,
                bytes.size());
  }
  return bytes.substr(h.offset, h.size);
}

}  // namespace

Result<ElfFile> ReadElfIdent(std::string_view bytes) {
  if (!IsElf(bytes) || bytes.size() < 0x34) return Fail("not an ELF file");
  ElfFile f;
  if (bytes[4] != 1 && bytes[4] != 2) return Fail("ELF class {} is unknown", static_cast<int>(bytes[4]));
  if (bytes[5] != 1 && bytes[5] != 2) return Fail("ELF byte order {} is unknown", static_cast<int>(bytes[5]));
  f.is64 = bytes[4] == 2;
  f.big_endian = bytes[5] == 2;
  return f;
}

Result<std::optional<ElfSection>> FindElfSection(std::string_view bytes, std::string_view name) {
  auto ident = ReadElfIdent(bytes);
  if (!ident) return std::unexpected(ident.error());
  const Reader r(bytes, *ident);
  std::uint64_t shstrndx = 0;
  if (!r.Get(ident->is64 ? 0x3e : 0x32, 2, shstrndx)) return Fail("ELF header truncated");
  // First the section-name table, then the section whose name matches.
  std::optional<SectionHeader> names;
  std::uint64_t index = 0;
  Status walked = ForEachSection(bytes, [&](const SectionHeader& h) {
    if (index++ == shstrndx) names = h;
    return names.has_value();
  });
  if (!walked) return std::unexpected(walked.error());
  if (!names) return std::optional<ElfSection>();
  auto table = SectionBytes(bytes, *names);
  if (!table) return Rewrap(table.error(), "section names");
  std::optional<ElfSection> found;
  Status failed;
  walked = ForEachSection(bytes, [&](const SectionHeader& h) {
    if (h.name >= table->size()) return false;
    const std::string_view rest = table->substr(h.name);
    if (rest.substr(0, rest.find('\0')) != name) return false;
    auto data = SectionBytes(bytes, h);
    if (!data) {
      failed = std::unexpected(data.error());
    } else {
      found = ElfSection{*data, h.address};
    }
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failed) return Rewrap(failed.error(), "section {}", name);
  return found;
}

Result<std::string_view> ReadElfAddress(std::string_view bytes, std::uint64_t address, std::uint64_t size) {
  std::optional<Result<std::string_view>> out;
  Status walked = ForEachSection(bytes, [&](const SectionHeader& h) {
    if (h.address == 0 || address < h.address || address - h.address >= h.size) return false;
    auto data = SectionBytes(bytes, h);
    if (!data) {
      out = std::unexpected(data.error());
    } else if (const std::uint64_t at = address - h.address; at > data->size() || data->size() - at < size) {
      // at > size: a NOBITS section (.bss) spans addresses but has no bytes in the file (found by go_buildinfo_fuzz)
      out = Fail("{} bytes at {:#x} run past their section", size, address);
    } else {
      out = data->substr(at, size);
    }
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!out) return Fail("address {:#x} is in no section", address);
  return *out;
}

}  // namespace drydock
