#include "source/archive_reader.h"

#include <algorithm>
#include <cstring>

#include "source/read_buffer.h"

namespace drydock {
namespace {

constexpr std::size_t kCallbackChunkBytes = 256 << 10;

}  // namespace

struct StreamContext {
  ByteReader* source;
  GrowingReadBuffer buffer{kCallbackChunkBytes};
  std::string error;
};

void StreamContextFree::operator()(StreamContext* context) const { delete context; }

namespace {

la_ssize_t ReadCallback(archive* a, void* opaque, const void** out) {
  auto* context = static_cast<StreamContext*>(opaque);
  // libarchive is done with the bytes of the last call by now, so the buffer may grow.
  char* into = context->buffer.Next();
  auto n = context->source->Read(into, context->buffer.capacity());
  if (!n) {
    context->error = n.error().message;
    archive_set_error(a, EIO, "%s", context->error.c_str());
    return -1;
  }
  context->buffer.Filled(*n);
  *out = into;
  return static_cast<la_ssize_t>(*n);
}

TarReader NewTarReader() {
  TarReader reader;
  reader.handle.reset(archive_read_new());
  archive_read_support_format_tar(reader.get());
  archive_read_support_format_gnutar(reader.get());
  archive_read_support_filter_none(reader.get());
  return reader;
}

}  // namespace

Result<TarReader> OpenTarStream(ByteReader& source) {
  TarReader a = NewTarReader();
  a.context.reset(new StreamContext{&source});
  if (archive_read_open(a.get(), a.context.get(), nullptr, ReadCallback, nullptr) != ARCHIVE_OK) {
    return Fail("not a tar stream: {}", archive_error_string(a.get()));
  }
  return a;
}

Result<TarReader> OpenTarFile(const std::string& path) {
  TarReader a = NewTarReader();
  if (archive_read_open_filename(a.get(), path.c_str(), kCallbackChunkBytes) != ARCHIVE_OK) {
    return Fail("{}: {}", path, archive_error_string(a.get()));
  }
  return a;
}

Result<std::size_t> ArchiveEntryReader::Read(char* buffer, std::size_t capacity) {
  std::size_t filled = 0;
  while (filled < capacity) {
    auto piece = Next(capacity - filled);
    if (!piece) return std::unexpected(piece.error());
    if (piece->empty()) break;
    std::memcpy(buffer + filled, piece->data(), piece->size());
    filled += piece->size();
  }
  return filled;
}

Result<std::string_view> ArchiveEntryReader::Next(std::size_t most) {
  static constexpr char kZeros[64 << 10] = {};
  // An empty block past at_ still tells of a hole, so it is kept.
  while (block_.empty() && block_at_ <= at_ && !ended_) {
    const void* bytes = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int ret = archive_read_data_block(archive_, &bytes, &size, &offset);
    if (ret == ARCHIVE_EOF) {  // its offset is the entry's size: past at_, the entry ends in a hole
      ended_ = true;
      block_at_ = std::max(block_at_, offset);
      break;
    }
    if (ret != ARCHIVE_OK) {
      const char* message = archive_error_string(archive_);
      return Fail("{}", message != nullptr ? message : "corrupt archive data");
    }
    if (offset < at_) return Fail("archive data goes back to offset {} after {}", offset, at_);
    block_ = std::string_view(static_cast<const char*>(bytes), size);
    block_at_ = offset;
  }
  if (block_at_ > at_) {  // a hole in a sparse entry
    const auto zeros = std::min<std::size_t>({most, sizeof kZeros, static_cast<std::size_t>(block_at_ - at_)});
    at_ += static_cast<la_int64_t>(zeros);
    return std::string_view(kZeros, zeros);
  }
  std::string_view piece = block_.substr(0, most);
  block_.remove_prefix(piece.size());
  block_at_ += static_cast<la_int64_t>(piece.size());
  at_ += static_cast<la_int64_t>(piece.size());
  return piece;
}

Result<archive_entry*> NextEntry(archive* a) {
  archive_entry* entry = nullptr;
  int ret = archive_read_next_header(a, &entry);
  if (ret == ARCHIVE_EOF) return nullptr;
  if (ret == ARCHIVE_WARN) return entry;  // e.g. an unknown pax keyword: the entry itself is fine
  if (ret != ARCHIVE_OK) {
    const char* message = archive_error_string(a);
    return Fail("{}", message != nullptr ? message : "corrupt tar header");
  }
  return entry;
}

}  // namespace drydock
