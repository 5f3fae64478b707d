// BerkeleyDB hash "Packages" (rpm < 4.16; RHEL 7/8, CentOS, Amazon Linux 2). Read by walking every hash page
// rather than the hash function's buckets: each hash page holds (key, data) item pairs, data being a header
// blob inline (H_KEYDATA) or on a chain of overflow pages (H_OFFPAGE). Integers are in the byte order of
// the machine that wrote the file, told apart by the metadata page's magic. BerkeleyDB gives each off-page
// item its own chain; a hostile file pointing every item at one long chain would cost the chain's length per
// item, so each overflow page may be read once per file, which bounds all blobs together by the file's size.
#include <string>
#include <vector>

#include "catalog/rpm/bytes.h"
#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

using rpm_internal::ReadUint;

constexpr std::uint32_t kHashMagic = 0x061561;
constexpr std::size_t kPageHeaderBytes = 26;
constexpr std::size_t kMinPageBytes = 512;
constexpr std::size_t kMaxPageBytes = 65536;
enum PageType : std::uint32_t { kHashUnsorted = 2, kOverflow = 7, kHashMeta = 8, kHash = 13 };
enum ItemType : std::uint32_t { kKeyData = 1, kOffPage = 3 };

class BdbFile {
 public:
  BdbFile(std::string_view bytes, bool big_endian, std::size_t page_bytes, std::size_t page_count)
      : bytes_(bytes), big_endian_(big_endian), page_bytes_(page_bytes), page_count_(page_count),
        overflow_seen_(page_count, false) {}

  std::string_view Page(std::size_t pgno) const { return bytes_.substr(pgno * page_bytes_, page_bytes_); }
  std::uint32_t U32(std::string_view page, std::size_t at) const {
    return ReadUint(page, at, 4, big_endian_).value_or(0);
  }
  std::uint32_t U16(std::string_view page, std::size_t at) const {
    return ReadUint(page, at, 2, big_endian_).value_or(0);
  }
  std::size_t page_count() const { return page_count_; }

  // The `length` bytes stored on the overflow chain starting at page `pgno`. Each page is read at most once
  // per file: a page already read belongs to another item's chain (or this chain loops).
  Result<std::string> Overflow(std::uint32_t pgno, std::uint32_t length) {
    if (length > bytes_.size()) return Fail("overflow length {} exceeds the file", length);
    std::string data;
    data.reserve(length);
    while (data.size() < length) {
      if (pgno == 0 || pgno >= page_count_) return Fail("overflow chain broken at page {}", pgno);
      if (overflow_seen_[pgno]) return Fail("overflow page {} is already part of another chain", pgno);
      overflow_seen_[pgno] = true;
      const std::string_view page = Page(pgno);
      if (page[25] != static_cast<char>(kOverflow)) return Fail("page {} is not an overflow page", pgno);
      const std::size_t on_page = U16(page, 22);
      if (on_page > page_bytes_ - kPageHeaderBytes || on_page > length - data.size()) {
        return Fail("overflow page {} claims {} bytes", pgno, on_page);
      }
      data.append(page.substr(kPageHeaderBytes, on_page));
      pgno = U32(page, 16);
    }
    return data;
  }

 private:
  std::string_view bytes_;
  bool big_endian_;
  std::size_t page_bytes_;
  std::size_t page_count_;
  std::vector<bool> overflow_seen_;
};

// The data item `index` of a hash page: inline bytes or an overflow chain.
Result<std::string> HashItem(BdbFile& file, std::string_view page, std::size_t index,
                             std::size_t count) {
  const std::size_t offset = file.U16(page, kPageHeaderBytes + 2 * index);
  // Items fill the page from its end backwards, so an inline item ends where the previous one starts.
  const std::size_t end = index == 0 ? page.size() : file.U16(page, kPageHeaderBytes + 2 * (index - 1));
  const std::size_t index_end = kPageHeaderBytes + 2 * count;
  if (offset < index_end || offset >= end || end > page.size())
    return Fail("item offset {} out of range", offset);
  const std::string_view item = page.substr(offset, end - offset);
  switch (static_cast<unsigned char>(item[0])) {
    case kKeyData:
      return std::string(item.substr(1));
    case kOffPage:
      if (item.size() < 12) return Fail("off-page item of {} bytes", item.size());
      return file.Overflow(file.U32(item, 4), file.U32(item, 8));
    default:
      return Fail("item type {} is not package data", static_cast<int>(static_cast<unsigned char>(item[0])));
  }
}

}  // namespace

Result<RpmBlobs> ReadBdbHashRpmDb(std::string_view bytes) {
  const std::uint32_t magic_le = ReadUint(bytes, 12, 4, false).value_or(0);
  const std::uint32_t magic_be = ReadUint(bytes, 12, 4, true).value_or(0);
  if (magic_le != kHashMagic && magic_be != kHashMagic) return Fail("not a BerkeleyDB hash database");
  if (bytes.size() > kMaxRpmDbBytes)
    return Fail("{} bytes exceeds the {} byte limit", bytes.size(), kMaxRpmDbBytes);
  const bool big_endian = magic_be == kHashMagic;
  const std::size_t page_bytes = ReadUint(bytes, 20, 4, big_endian).value_or(0);
  if (page_bytes < kMinPageBytes || page_bytes > kMaxPageBytes || (page_bytes & (page_bytes - 1)) != 0) {
    return Fail("bdb: page size {} is not a power of two in [{}, {}]", page_bytes, kMinPageBytes,
                kMaxPageBytes);
  }
  if (bytes.size() < page_bytes || bytes[25] != static_cast<char>(kHashMeta)) {
    return Fail("bdb: no hash metadata page");
  }
  if (bytes[24] != 0) return Fail("bdb: encrypted database");
  RpmBlobs out;
  const std::uint64_t last_pgno = ReadUint(bytes, 32, 4, big_endian).value_or(0);
  std::size_t page_count = bytes.size() / page_bytes;
  if (last_pgno + 1 > page_count) {
    out.skipped.push_back(
        fmt::format("bdb: file ends at page {} of {}: truncated", page_count, last_pgno + 1));
  } else {
    page_count = last_pgno + 1;
  }
  BdbFile file(bytes, big_endian, page_bytes, page_count);
  for (std::size_t pgno = 1; pgno < page_count; ++pgno) {
    const std::string_view page = file.Page(pgno);
    const auto type = static_cast<unsigned char>(page[25]);
    if (type != kHash && type != kHashUnsorted) continue;
    const std::size_t count = file.U16(page, 20);
    if (kPageHeaderBytes + 2 * count > page_bytes) {
      out.skipped.push_back(fmt::format("bdb page {}: {} items do not fit", pgno, count));
      continue;
    }
    // Items alternate key, data. The key is the package's instance number; instance 0 is rpm's counter
    // of the next free number, not a package.
    for (std::size_t i = 1; i < count; i += 2) {
      auto key = HashItem(file, page, i - 1, count);
      if (key && key->size() == 4 && *key == std::string(4, '\0')) continue;
      auto blob = HashItem(file, page, i, count);
      if (!blob) {
        out.skipped.push_back(fmt::format("bdb page {} item {}: {}", pgno, i, blob.error().message));
        continue;
      }
      out.blobs.push_back(std::move(*blob));
    }
  }
  return out;
}

}  // namespace drydock
