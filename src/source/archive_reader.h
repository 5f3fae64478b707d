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

// The current entry's data.
class ArchiveEntryReader final : public ByteReader {
 public:
  explicit ArchiveEntryReader(archive* a) : archive_(a) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;

 private:
  archive* archive_;
};

// Next header; nullptr at the end of the archive. Errors carry libarchive's message.
Result<archive_entry*> NextEntry(archive* a);

}  // namespace drydock
