// The RPM header blob (rpm's lib/header.c "header blob" as rpmdb stores it, without lead or signature):
//   be32 il, be32 dl, il x {be32 tag, be32 type, be32 offset, be32 count}, dl bytes of data.
// Only the tags the scanner reads are decoded; every other entry is passed over without touching its data.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/rpm/bytes.h"
#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

using rpm_internal::Be32;

// rpm's own sanity limits (hdrchkTags, hdrchkData): beyond them rpm refuses the header too.
constexpr std::uint32_t kMaxHeaderTags = 0xffff;
constexpr std::uint32_t kMaxHeaderDataBytes = 0x0fffffff;
constexpr std::size_t kIndexEntryBytes = 16;
// A name or version longer than this is corruption, not a package.
constexpr std::size_t kMaxHeaderStringBytes = 4096;
// The file list joins DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], so its names can total far more than the header: one
// 4 KB directory named by 300,000 empty basenames is a 1.5 MB header and 1.2 GB of names (RSS 1.75 GB and 34 s
// under ASan, rpm_header_fuzz). Real names total well under the data store (Mariner's worst header: 0.3x); past
// this many times it plus a slack, the list is damage.
constexpr std::size_t kMaxFileNameBytesPerDataByte = 4;
constexpr std::size_t kFileNameSlackBytes = 1 << 16;

enum TagType : std::uint32_t { kInt32 = 4, kString = 6, kStringArray = 8, kI18nString = 9 };

struct Tag {
  std::uint32_t id;
  std::string RpmHeader::*field;  // nullptr for EPOCH, the one integer
};

constexpr Tag kTags[] = {
    {1000, &RpmHeader::name},
    {1001, &RpmHeader::version},
    {1002, &RpmHeader::release},
    {1003, nullptr},
    {1022, &RpmHeader::arch},
    {1044, &RpmHeader::source_rpm},
    {1011, &RpmHeader::vendor},
    {1014, &RpmHeader::license},
    {5096, &RpmHeader::modularity_label},
};

// The NUL-terminated string at `offset` of the data store, as a view of it.
Result<std::string_view> StringAt(std::string_view data, std::uint32_t offset) {
  if (offset >= data.size())
    return Fail("string offset {} beyond data store of {} bytes", offset, data.size());
  const std::string_view rest = data.substr(offset, kMaxHeaderStringBytes + 1);
  const std::size_t end = rest.find('\0');
  if (end == std::string_view::npos) return Fail("string at offset {} is unterminated or too long", offset);
  return rest.substr(0, end);
}

Status DecodeEntry(std::string_view data, const Tag& tag, std::uint32_t type, std::uint32_t offset,
                   std::uint32_t count, RpmHeader& header) {
  if (tag.field == nullptr) {
    if (type != kInt32 || count != 1) return Fail("type {} count {} for an INT32", type, count);
    if (offset % 4 != 0 || offset > data.size() || data.size() - offset < 4) {
      return Fail("INT32 at offset {} outside data store of {} bytes", offset, data.size());
    }
    header.epoch = *Be32(data, offset);
    return {};
  }
  // STRING_ARRAY and I18NSTRING start with the string we want (the first, or the C locale's).
  if ((type != kString && type != kStringArray && type != kI18nString) || count == 0) {
    return Fail("type {} count {} for a string", type, count);
  }
  auto text = StringAt(data, offset);
  if (!text) return std::unexpected(text.error());
  header.*tag.field = std::string(*text);
  return {};
}

// `count` NUL-terminated strings one after another from `offset` (a STRING_ARRAY entry's data), as views of it:
// a file list is copied once, into the joined names.
Result<std::vector<std::string_view>> StringsAt(std::string_view data, std::uint32_t type, std::uint32_t offset,
                                                std::uint32_t count) {
  if (type != kStringArray) return Fail("type {} for a STRING_ARRAY", type);
  if (count > kMaxRpmHeaderFiles) return Fail("{} strings in one array", count);
  // Each string takes at least its NUL: a count the data store cannot hold is refused before reserving for it.
  if (offset > data.size() || count > data.size() - offset) {
    return Fail("{} strings at offset {} do not fit a data store of {} bytes", count, offset, data.size());
  }
  std::vector<std::string_view> out;
  out.reserve(count);
  std::size_t at = offset;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at > data.size()) return Fail("string array runs past the data store");
    auto text = StringAt(data, static_cast<std::uint32_t>(at));
    if (!text) return std::unexpected(text.error());
    at += text->size() + 1;
    out.push_back(*text);
  }
  return out;
}

Result<std::vector<std::uint32_t>> Int32sAt(std::string_view data, std::uint32_t type, std::uint32_t offset,
                                            std::uint32_t count) {
  if (type != kInt32) return Fail("type {} for an INT32 array", type);
  if (count > kMaxRpmHeaderFiles || offset % 4 != 0 || offset > data.size() ||
      (data.size() - offset) / 4 < count) {
    return Fail("INT32 array of {} at offset {} outside data store of {} bytes", count, offset, data.size());
  }
  std::vector<std::uint32_t> out(count);
  for (std::uint32_t i = 0; i < count; ++i) out[i] = *Be32(data, offset + 4 * i);
  return out;
}

struct FileListEntries {
  std::array<std::uint32_t, 4> dir_indexes{}, basenames{}, dirnames{};  // type, offset, count, present
};

// The file list from its three parallel arrays; every index is checked against the directory array. A name whose
// index is out of range is left out (go-rpmdb's real Fedora blob has one): ownership is best effort, and a
// damaged file list must not cost the package itself.
Result<std::vector<std::string>> DecodeFiles(std::string_view data, const FileListEntries& e) {
  if (e.basenames[3] == 0) return std::vector<std::string>{};  // no files (gpg-pubkey, meta packages)
  if (e.dir_indexes[3] == 0 || e.dirnames[3] == 0) return Fail("BASENAMES without DIRINDEXES or DIRNAMES");
  auto bases = StringsAt(data, e.basenames[0], e.basenames[1], e.basenames[2]);
  if (!bases) return Rewrap(bases.error(), "BASENAMES");
  auto dirs = StringsAt(data, e.dirnames[0], e.dirnames[1], e.dirnames[2]);
  if (!dirs) return Rewrap(dirs.error(), "DIRNAMES");
  auto indexes = Int32sAt(data, e.dir_indexes[0], e.dir_indexes[1], e.dir_indexes[2]);
  if (!indexes) return Rewrap(indexes.error(), "DIRINDEXES");
  if (indexes->size() != bases->size()) return Fail("{} DIRINDEXES for {} BASENAMES", indexes->size(), bases->size());
  const std::size_t budget = kMaxFileNameBytesPerDataByte * data.size() + kFileNameSlackBytes;
  std::size_t total = 0;
  for (std::size_t i = 0; i < bases->size(); ++i) {
    if ((*indexes)[i] < dirs->size()) total += (*dirs)[(*indexes)[i]].size() + (*bases)[i].size();
  }
  if (total > budget) return Fail("file names total {} bytes from a {} byte data store", total, data.size());
  std::vector<std::string> files;
  files.reserve(bases->size());
  for (std::size_t i = 0; i < bases->size(); ++i) {
    if ((*indexes)[i] >= dirs->size()) continue;
    const std::string_view dir = (*dirs)[(*indexes)[i]];
    std::string& name = files.emplace_back();
    name.reserve(dir.size() + (*bases)[i].size());
    name.append(dir).append((*bases)[i]);
  }
  return files;
}

}  // namespace

Result<RpmHeader> DecodeRpmHeader(std::string_view blob) {
  const auto il = Be32(blob, 0);
  const auto dl = Be32(blob, 4);
  if (!il || !dl) return Fail("header of {} bytes is too short", blob.size());
  if (*il == 0 || *il > kMaxHeaderTags) return Fail("header index count {} out of range", *il);
  if (*dl > kMaxHeaderDataBytes) return Fail("header data length {} out of range", *dl);
  // 64-bit arithmetic: il * 16 + dl cannot wrap here even at the limits.
  const std::uint64_t needed = 8 + std::uint64_t{*il} * kIndexEntryBytes + *dl;
  if (needed > blob.size()) {
    return Fail("header needs {} bytes for {} tags and {} data bytes, has {}", needed, *il, *dl, blob.size());
  }
  const std::string_view index = blob.substr(8, std::size_t{*il} * kIndexEntryBytes);
  const std::string_view data = blob.substr(8 + index.size(), *dl);
  RpmHeader header;
  FileListEntries file_list;
  for (std::size_t at = 0; at < index.size(); at += kIndexEntryBytes) {
    const std::uint32_t id = *Be32(index, at);
    std::array<std::uint32_t, 4>* list_entry = id == 1116 ? &file_list.dir_indexes
                                               : id == 1117 ? &file_list.basenames
                                               : id == 1118 ? &file_list.dirnames
                                                            : nullptr;
    if (list_entry != nullptr) *list_entry = {*Be32(index, at + 4), *Be32(index, at + 8), *Be32(index, at + 12), 1};
    for (const Tag& tag : kTags) {
      if (tag.id != id) continue;
      auto decoded =
          DecodeEntry(data, tag, *Be32(index, at + 4), *Be32(index, at + 8), *Be32(index, at + 12), header);
      if (!decoded) return Rewrap(decoded.error(), "tag {}", id);
    }
  }
  if (header.name.empty()) return Fail("no NAME tag");
  if (header.version.empty()) return Fail("package {}: no VERSION tag", header.name);
  if (header.release.empty()) return Fail("package {}: no RELEASE tag", header.name);
  if (auto files = DecodeFiles(data, file_list)) header.files = std::move(*files);
  return header;
}

}  // namespace drydock
