// libarchive plumbing shared by the image archive store and the layer walk: owning handles, a tar reader fed
// from any ByteReader, and an entry's data as a ByteReader.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "source/byte_reader.h"

namespace drydock {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct StreamContext;
struct StreamContextFree {
  void operator()(StreamContext* context) const;
};

// An open tar reader and the callback state it reads through (declared first, so destroyed last).
struct TarReader {
  std::unique_ptr<StreamContext, StreamContextFree> context;
  std::unique_ptr<archive, ArchiveFree> handle;
  archive* get() const { return handle.get(); }
};

// A tar reader (ustar, pax, GNU) over `source`, which must outlive the handle. No decompression here:
// callers wrap `source` with OpenDecompressed when they need it.
Result<TarReader> OpenTarStream(ByteReader& source);

// A tar reader over a plain file, seeking over member data it skips.
Result<TarReader> OpenTarFile(const std::string& path);

// The current entry's data, the holes of a sparse entry as zeros. Read from libarchive's blocks
// (archive_read_data_block): archive_read_data drops a hole at the end of an entry, and with it bytes of the file.
class ArchiveEntryReader final : public ByteReader {
 public:
  explicit ArchiveEntryReader(archive* a) : archive_(a) {}
  // Fills `buffer` unless the entry ends first.
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;

 private:
  // The next bytes, up to `most`: of libarchive's current block, or zeros for a hole; empty at the end.
  Result<std::string_view> Next(std::size_t most);

  archive* archive_;
  std::string_view block_;   // what is left of the block libarchive gave last
  la_int64_t block_at_ = 0;  // the entry offset block_ starts at
  la_int64_t at_ = 0;        // the entry offset of the next byte given
  bool ended_ = false;
};

// Next header; nullptr at the end of the archive. Errors carry libarchive's message.
Result<archive_entry*> NextEntry(archive* a);

}  // namespace drydock
