// Go executables' build info, laid out as Go's debug/buildinfo reads it. The .go.buildinfo section begins
// with a 32-byte header: the magic "\xff Go buildinf:", the pointer size, and flags (bit 0 big-endian,
// bit 1 "strings inline"). Go >= 1.18 sets bit 1 and follows the header with two varint-length strings, the
// toolchain version and the module info; older toolchains store two pointers to Go string headers instead.
// The module info is wrapped in 16-byte sentinels that are stripped. Only this section (and, for the old
// layout, the two strings it points at) is read.
#include <string>
#include <string_view>

#include "catalog/binary/elf_section.h"
#include "catalog/golang/golang.h"

namespace drydock {
namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr std::size_t kHeaderBytes = 32;
// Module info of real binaries is a few KB; this bounds a hostile length field.
constexpr std::uint64_t kMaxGoBuildInfoStringBytes = 4 << 20;

// Reads a uvarint (encoding/binary) and advances `data`; false when truncated or longer than 10 bytes.
bool ReadUvarint(std::string_view& data, std::uint64_t& out) {
  out = 0;
  for (int i = 0, shift = 0; i < 10 && i < static_cast<int>(data.size()); ++i, shift += 7) {
    const auto b = static_cast<unsigned char>(data[i]);
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      data.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

Result<std::string_view> InlineString(std::string_view& data) {
  std::uint64_t n = 0;
  if (!ReadUvarint(data, n)) return Fail("build info string length truncated");
  if (n > kMaxGoBuildInfoStringBytes || n > data.size()) return Fail("build info string of {} bytes runs past the section", n);
  const std::string_view s = data.substr(0, n);
  data.remove_prefix(n);
  return s;
}

std::uint64_t Word(std::string_view p, bool big_endian) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    v = (v << 8) | static_cast<unsigned char>(p[big_endian ? i : p.size() - 1 - i]);
  }
  return v;
}

// Old layout: `pointer` is the address of a Go string header {data pointer, length}.
Result<std::string_view> PointedString(std::string_view elf, std::uint64_t pointer, int ptr_size, bool big_endian) {
  auto header = ReadElfAddress(elf, pointer, 2 * static_cast<std::uint64_t>(ptr_size));
  if (!header) return std::unexpected(header.error());
  const std::uint64_t data = Word(header->substr(0, ptr_size), big_endian);
  const std::uint64_t size = Word(header->substr(ptr_size), big_endian);
  if (size > kMaxGoBuildInfoStringBytes) return Fail("build info string of {} bytes", size);
  if (size == 0) return std::string_view();
  return ReadElfAddress(elf, data, size);
}

std::string_view StripSentinels(std::string_view modinfo) {
  if (modinfo.size() >= 33 && modinfo[modinfo.size() - 17] == '\n') return modinfo.substr(16, modinfo.size() - 32);
  return modinfo;
}

}  // namespace

Result<GoBuildInfo> ReadGoBuildInfo(std::string_view elf) {
  auto section = FindElfSection(elf, ".go.buildinfo");
  if (!section) return std::unexpected(section.error());
  if (!*section) return Fail("no .go.buildinfo section: not a Go executable (or one built before Go 1.13)");
  std::string_view data = (*section)->bytes;
  if (data.size() < kHeaderBytes || !data.starts_with(kMagic)) return Fail(".go.buildinfo does not start with Go's magic");
  const int ptr_size = static_cast<unsigned char>(data[14]);
  const int flags = static_cast<unsigned char>(data[15]);
  const bool big_endian = (flags & 1) != 0;
  std::string_view version, modinfo;
  if ((flags & 2) != 0) {
    data.remove_prefix(kHeaderBytes);
    auto v = InlineString(data);
    if (!v) return Rewrap(v.error(), "Go version");
    auto m = InlineString(data);
    if (!m) return Rewrap(m.error(), "module info");
    version = *v;
    modinfo = *m;
  } else {
    if (ptr_size != 4 && ptr_size != 8) return Fail("build info pointer size {} is not 4 or 8", ptr_size);
    const std::string_view words = data.substr(16);
    if (words.size() < 2 * static_cast<std::size_t>(ptr_size)) return Fail("build info header truncated");
    auto v = PointedString(elf, Word(words.substr(0, ptr_size), big_endian), ptr_size, big_endian);
    if (!v) return Rewrap(v.error(), "Go version");
    auto m = PointedString(elf, Word(words.substr(ptr_size, ptr_size), big_endian), ptr_size, big_endian);
    if (!m) return Rewrap(m.error(), "module info");
    version = *v;
    modinfo = *m;
  }
  return ParseGoModInfo(version, StripSentinels(modinfo));
}

Result<GoBuildInfo> ParseGoModInfo(std::string_view go_version, std::string_view modinfo) {
  GoBuildInfo info;
  info.go_version = std::string(go_version);
  GoModule* last = nullptr;  // the module a "=>" line replaces
  for (std::size_t start = 0; start < modinfo.size();) {
    std::size_t end = modinfo.find('\n', start);
    if (end == std::string_view::npos) end = modinfo.size();
    const std::string_view line = modinfo.substr(start, end - start);
    start = end + 1;
    std::string_view f[4];
    std::size_t n = 0;
    for (std::size_t at = 0; n < 4;) {
      const std::size_t tab = line.find('\t', at);
      f[n++] = line.substr(at, tab == std::string_view::npos ? std::string_view::npos : tab - at);
      if (tab == std::string_view::npos) break;
      at = tab + 1;
    }
    if (f[0] == "mod" && n >= 3) {
      info.main = {std::string(f[1]), std::string(f[2])};
      last = &info.main;
    } else if (f[0] == "dep" && n >= 3) {
      info.deps.push_back({std::string(f[1]), std::string(f[2])});
      last = &info.deps.back();
    } else if (f[0] == "=>" && n >= 2 && last != nullptr) {
      // A local-directory replacement has no version; keep the module's path with "(devel)" like `go version -m`.
      *last = {std::string(f[1]), !f[2].empty() ? std::string(f[2]) : "(devel)"};
      last = nullptr;
    } else {
      last = nullptr;  // "=>" only ever follows its module's line directly
    }
  }
  if (info.main.path.empty() && info.deps.empty() && info.go_version.empty()) return Fail("empty build info");
  return info;
}

std::string GoToolchainSemver(std::string_view v) {
  v = v.substr(0, v.find(' '));  // "go1.21.3 X:boringcrypto"
  if (!v.starts_with("go") || v.size() < 3 || v[2] < '0' || v[2] > '9') return "";
  v.remove_prefix(2);
  std::string out = "v";
  int dots = 0;
  std::size_t i = 0;
  for (; i < v.size() && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'); ++i) {
    if (v[i] == '.') ++dots;
    out += v[i];
  }
  for (; dots < 2; ++dots) out += ".0";
  std::string_view pre = v.substr(i);  // "rc1", "beta2"
  if (!pre.empty()) {
    std::size_t digits = pre.size();
    while (digits > 0 && pre[digits - 1] >= '0' && pre[digits - 1] <= '9') --digits;
    out += "-" + std::string(pre.substr(0, digits));
    if (digits < pre.size()) out += "." + std::string(pre.substr(digits));
  }
  return out;
}

}  // namespace drydock
