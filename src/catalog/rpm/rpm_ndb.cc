// rpm's NDB Packages.db (rpm >= 4.16, SUSE's default), all little-endian:
//   page 0..slot_pages-1: a 32-byte file header ("RpmP", version 0, generation, slot_pages, ...) and then
//     16-byte slots {"Slot", package index (0 = free), block offset, block count};
//   blobs at block offset * 16: {"BlbS", package index, generation, length} and `length` header bytes.
// A slot or blob that does not check out costs only its own package.
#include <string>

#include "catalog/rpm/bytes.h"
#include "catalog/rpm/rpm.h"

namespace drydock {
namespace {

using rpm_internal::Le32;

constexpr std::string_view kFileMagic = "RpmP";
constexpr std::string_view kSlotMagic = "Slot";
constexpr std::string_view kBlobMagic = "BlbS";
constexpr std::uint32_t kNdbVersion = 0;
constexpr std::size_t kPageBytes = 4096;
constexpr std::size_t kSlotBytes = 16;
constexpr std::size_t kFileHeaderSlots = 2;  // the file header fills the first two slot positions
constexpr std::size_t kBlockBytes = 16;
constexpr std::size_t kBlobHeaderBytes = 16;

Result<std::string> ReadBlob(std::string_view bytes, std::uint32_t package_index, std::uint32_t block_offset,
                             std::uint32_t block_count) {
  const std::uint64_t start = std::uint64_t{block_offset} * kBlockBytes;
  const std::uint64_t span = std::uint64_t{block_count} * kBlockBytes;
  if (start > bytes.size() || span > bytes.size() - start) {
    return Fail("blocks {}+{} beyond the end of the file", block_offset, block_count);
  }
  const std::string_view area = bytes.substr(start, span);
  if (!area.starts_with(kBlobMagic)) return Fail("no blob magic at block {}", block_offset);
  if (Le32(area, 4) != package_index)
    return Fail("blob at block {} belongs to another package", block_offset);
  const auto length = Le32(area, 12);
  if (!length || *length > area.size() - kBlobHeaderBytes) {
    return Fail("blob length {} exceeds its {} blocks", length.value_or(0), block_count);
  }
  return std::string(area.substr(kBlobHeaderBytes, *length));
}

}  // namespace

Result<RpmBlobs> ReadNdbRpmDb(std::string_view bytes) {
  if (!bytes.starts_with(kFileMagic)) return Fail("not an NDB database");
  if (bytes.size() > kMaxRpmDbBytes)
    return Fail("{} bytes exceeds the {} byte limit", bytes.size(), kMaxRpmDbBytes);
  const auto version = Le32(bytes, 4);
  const auto slot_pages = Le32(bytes, 12);
  if (!version || !slot_pages) return Fail("ndb: file header truncated");
  if (*version != kNdbVersion) return Fail("ndb: unknown version {}", *version);
  if (*slot_pages == 0 || *slot_pages > bytes.size() / kPageBytes) {
    return Fail("ndb: {} slot pages do not fit in {} bytes", *slot_pages, bytes.size());
  }
  RpmBlobs out;
  const std::size_t slot_count = std::size_t{*slot_pages} * kPageBytes / kSlotBytes;
  for (std::size_t slot = kFileHeaderSlots; slot < slot_count; ++slot) {
    const std::string_view entry = bytes.substr(slot * kSlotBytes, kSlotBytes);
    const std::uint32_t package_index = *Le32(entry, 4);
    if (!entry.starts_with(kSlotMagic)) {
      out.skipped.push_back(fmt::format("ndb slot {}: bad slot magic", slot));
      continue;
    }
    if (package_index == 0) continue;  // a free slot
    auto blob = ReadBlob(bytes, package_index, *Le32(entry, 8), *Le32(entry, 12));
    if (!blob) {
      out.skipped.push_back(
          fmt::format("ndb slot {} (package {}): {}", slot, package_index, blob.error().message));
      continue;
    }
    out.blobs.push_back(std::move(*blob));
  }
  return out;
}

}  // namespace drydock
