// A docker-save or OCI-layout tar. Uncompressed archives are indexed once and each layer is opened on its own
// (in parallel); archives compressed as a whole are read exactly once, streaming layers as they pass.
#include <fcntl.h>
#include <unistd.h>

#include <map>

#include "common/path.h"
#include "source/archive_reader.h"
#include "source/blob_store.h"
#include "source/decompress.h"
#include "source/file_reader.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxArchiveMembers = 1'000'000;
constexpr std::size_t kMaxBufferedBytes = 256 << 20;  // small members kept in memory, all together
constexpr int kMaxLinkHops = 8;

bool IsCompressed(int fd) {
  char head[4] = {};
  ssize_t got = ::pread(fd, head, sizeof head, 0);
  return got > 0 && DetectCompression(std::string_view(head, got)) != Compression::kNone;
}

class ArchiveStore final : public BlobStore {
 public:
  explicit ArchiveStore(std::string file) : file_(std::move(file)) {}
  ArchiveStore(std::string file, ArchiveIndex index)
      : file_(std::move(file)), compressed_(index.compressed), reopened_(true), index_(std::move(index)) {}

  const ArchiveIndex& index() const { return index_; }

  // The one indexing pass. `visit` streams large members when the archive is compressed as a whole.
  Status Index(const LayerVisitor& visit, WalkThreads* helpers) {
    int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail("{}: cannot open", file_);
    FileReader raw(fd);
    compressed_ = index_.compressed = IsCompressed(fd);
    if (!compressed_) return IndexMembers(OpenTarFile(file_), nullptr);
    auto inflated = OpenDecompressed(raw, helpers);
    return IndexMembers(OpenTarStream(*inflated), &visit);
  }

  bool Has(std::string_view path) const override { return index_.members.contains(Resolve(path)); }

  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto it = index_.small.find(Resolve(path));
    if (it == index_.small.end()) {
      if (Has(path)) return Fail("{}: too large for metadata", path);
      return Fail("{}: not in the archive", path);
    }
    return it->second;
  }

  Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const override {
    std::string path = Resolve(layer.blob_path);
    if (auto small = index_.small.find(path); small != index_.small.end()) {
      MemoryReader reader(small->second);
      return VisitStream(reader, layer, visit);
    }
    if (!index_.members.contains(path)) return Fail("{}: not in the archive", layer.blob_path);
    if (compressed_ && !reopened_) {
      auto early = visited_.find(path);
      if (early == visited_.end()) return Fail("{}: was not streamed", path);
      return early->second;
    }
    if (!compressed_) return VisitMember(OpenTarFile(file_), path, layer, visit);
    // Reopened from a remembered index, and this layer was evicted since: one more pass up to its member.
    int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail("{}: cannot open", file_);
    FileReader raw(fd);
    auto inflated = OpenDecompressed(raw);
    return VisitMember(OpenTarStream(*inflated), path, layer, visit);
  }

  std::optional<std::uint64_t> BlobSize(std::string_view path) const override {
    auto it = index_.members.find(Resolve(path));
    if (it == index_.members.end() || it->second < 0) return std::nullopt;
    return static_cast<std::uint64_t>(it->second);
  }

  bool Seekable() const override { return !compressed_; }

 private:
  // Reads `reader` up to the member at `path` and streams it through `visit`.
  static Result<BlobVisit> VisitMember(Result<TarReader> reader, const std::string& path, const ImageLayer& layer,
                                       const LayerVisitor& visit) {
    if (!reader) return std::unexpected(reader.error());
    for (;;) {
      auto entry = NextEntry(reader->get());
      if (!entry) return std::unexpected(entry.error());
      if (*entry == nullptr) return Fail("{}: vanished from the archive", path);
      if (NormalizePath(archive_entry_pathname(*entry)) == path) {
        ArchiveEntryReader data(reader->get());
        return VisitStream(data, layer, visit);
      }
    }
  }

  Status IndexMembers(Result<TarReader> reader, const LayerVisitor* visit) {
    if (!reader) return std::unexpected(reader.error());
    std::size_t buffered = 0;
    for (;;) {
      auto entry = NextEntry(reader->get());
      if (!entry) return std::unexpected(entry.error());
      if (*entry == nullptr) return {};
      if (index_.members.size() >= kMaxArchiveMembers) return Fail("{}: more than {} members", file_, kMaxArchiveMembers);
      auto name = NormalizePath(archive_entry_pathname(*entry));
      if (!name || name->empty()) continue;  // climbs out of the archive root: never referenced legitimately
      if (const char* hardlink = archive_entry_hardlink(*entry)) {
        if (auto target = NormalizePath(hardlink)) index_.links[*name] = *target;
        continue;
      }
      mode_t type = archive_entry_filetype(*entry);
      if (type == AE_IFLNK) {
        index_.links[*name] = ResolveLinkTarget(*name, archive_entry_symlink(*entry) ? archive_entry_symlink(*entry) : "");
        continue;
      }
      if (type != AE_IFREG) continue;
      la_int64_t size = archive_entry_size(*entry);
      index_.members[*name] = size;
      ArchiveEntryReader data(reader->get());
      if (size >= 0 && static_cast<std::size_t>(size) <= kMaxMetadataBytes) {
        buffered += size;
        if (buffered > kMaxBufferedBytes) return Fail("{}: too many small members", file_);
        std::string bytes(size, '\0');
        std::size_t done = 0;
        while (done < bytes.size()) {
          auto n = data.Read(bytes.data() + done, bytes.size() - done);
          if (!n) return Rewrap(n.error(), "{}: {}", file_, *name);
          if (*n == 0) return Fail("{}: {}: truncated", file_, *name);
          done += *n;
        }
        index_.small[*name] = std::move(bytes);
      } else if (visit != nullptr) {
        auto visited = VisitStream(data, ImageLayer{.blob_path = *name}, *visit);
        // A stopped scan's visitor fails with the stop's code: the rest of the archive is not worth streaming.
        if (!visited && (visited.error().code == ErrorCode::kCancelled ||
                         visited.error().code == ErrorCode::kDeadlineExceeded)) {
          return std::unexpected(visited.error());
        }
        visited_.emplace(*name, std::move(visited));
      }
    }
  }

  std::string Resolve(std::string_view path) const {
    std::string current = NormalizePath(path).value_or("");
    for (int hop = 0; hop < kMaxLinkHops; ++hop) {
      auto link = index_.links.find(current);
      if (link == index_.links.end()) break;
      current = link->second;
    }
    return current;
  }

  std::string file_;
  bool compressed_ = false;
  bool reopened_ = false;  // built from a remembered index: nothing was streamed
  ArchiveIndex index_;
  std::map<std::string, Result<BlobVisit>, std::less<>> visited_;
};

}  // namespace

Result<std::unique_ptr<BlobStore>> OpenArchiveStore(const std::string& file, const LayerVisitor& visit,
                                                    ArchiveIndex* learned, WalkThreads* helpers) {
  auto store = std::make_unique<ArchiveStore>(file);
  if (auto indexed = store->Index(visit, helpers); !indexed) return std::unexpected(indexed.error());
  if (learned != nullptr) *learned = store->index();
  return store;
}

std::unique_ptr<BlobStore> ReopenArchiveStore(const std::string& file, ArchiveIndex index) {
  return std::make_unique<ArchiveStore>(file, std::move(index));
}

}  // namespace drydock
