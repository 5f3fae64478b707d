// A docker-save or OCI-layout tar. Uncompressed archives are indexed once and each layer is opened on its own
// (in parallel); archives compressed as a whole are read exactly once, streaming layers as they pass.
#include <fcntl.h>
#include <unistd.h>

#include <map>

#include "common/path.h"
#include "source/archive_reader.h"
#include "source/blob_store.h"
#include "source/decompress.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxArchiveMembers = 1'000'000;
constexpr std::size_t kMaxBufferedBytes = 256 << 20;  // small members kept in memory, all together
constexpr int kMaxLinkHops = 8;

class RawFileReader final : public ByteReader {
 public:
  explicit RawFileReader(int fd) : fd_(fd) {}
  ~RawFileReader() override { ::close(fd_); }
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    ssize_t n = ::read(fd_, buffer, capacity);
    if (n < 0) return Fail("read failed");
    return static_cast<std::size_t>(n);
  }

 private:
  int fd_;
};

class ArchiveStore final : public BlobStore {
 public:
  explicit ArchiveStore(std::string file) : file_(std::move(file)) {}

  // The one indexing pass. `visit` streams large members when the archive is compressed as a whole.
  Status Index(const LayerVisitor& visit) {
    int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail("{}: cannot open", file_);
    RawFileReader raw(fd);
    char head[4] = {};
    ssize_t got = ::pread(fd, head, sizeof head, 0);
    compressed_ = got > 0 && DetectCompression(std::string_view(head, got)) != Compression::kNone;
    if (!compressed_) return IndexMembers(OpenTarFile(file_), nullptr);
    auto inflated = OpenDecompressed(raw);
    return IndexMembers(OpenTarStream(*inflated), &visit);
  }

  bool Has(std::string_view path) const override { return members_.contains(Resolve(path)); }

  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto it = small_.find(Resolve(path));
    if (it == small_.end()) {
      if (Has(path)) return Fail("{}: too large for metadata", path);
      return Fail("{}: not in the archive", path);
    }
    return it->second;
  }

  Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const override {
    std::string path = Resolve(layer.blob_path);
    if (auto small = small_.find(path); small != small_.end()) {
      MemoryReader reader(small->second);
      return VisitStream(reader, layer, visit);
    }
    if (!members_.contains(path)) return Fail("{}: not in the archive", layer.blob_path);
    if (compressed_) {
      auto early = visited_.find(path);
      if (early == visited_.end()) return Fail("{}: was not streamed", path);
      return early->second;
    }
    auto reader = OpenTarFile(file_);
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

  std::optional<std::uint64_t> BlobSize(std::string_view path) const override {
    auto it = members_.find(Resolve(path));
    if (it == members_.end() || it->second < 0) return std::nullopt;
    return static_cast<std::uint64_t>(it->second);
  }

  bool Seekable() const override { return !compressed_; }

 private:
  Status IndexMembers(Result<TarReader> reader, const LayerVisitor* visit) {
    if (!reader) return std::unexpected(reader.error());
    std::size_t buffered = 0;
    for (;;) {
      auto entry = NextEntry(reader->get());
      if (!entry) return std::unexpected(entry.error());
      if (*entry == nullptr) return {};
      if (members_.size() >= kMaxArchiveMembers) return Fail("{}: more than {} members", file_, kMaxArchiveMembers);
      auto name = NormalizePath(archive_entry_pathname(*entry));
      if (!name || name->empty()) continue;  // climbs out of the archive root: never referenced legitimately
      if (const char* hardlink = archive_entry_hardlink(*entry)) {
        if (auto target = NormalizePath(hardlink)) links_[*name] = *target;
        continue;
      }
      mode_t type = archive_entry_filetype(*entry);
      if (type == AE_IFLNK) {
        links_[*name] = ResolveLinkTarget(*name, archive_entry_symlink(*entry) ? archive_entry_symlink(*entry) : "");
        continue;
      }
      if (type != AE_IFREG) continue;
      la_int64_t size = archive_entry_size(*entry);
      members_[*name] = size;
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
        small_[*name] = std::move(bytes);
      } else if (visit != nullptr) {
        visited_.emplace(*name, VisitStream(data, ImageLayer{.blob_path = *name}, *visit));
      }
    }
  }

  std::string Resolve(std::string_view path) const {
    std::string current = NormalizePath(path).value_or("");
    for (int hop = 0; hop < kMaxLinkHops; ++hop) {
      auto link = links_.find(current);
      if (link == links_.end()) break;
      current = link->second;
    }
    return current;
  }

  std::string file_;
  bool compressed_ = false;
  std::map<std::string, la_int64_t, std::less<>> members_;
  std::map<std::string, std::string, std::less<>> small_;
  std::map<std::string, std::string, std::less<>> links_;
  std::map<std::string, Result<BlobVisit>, std::less<>> visited_;
};

}  // namespace

Result<std::unique_ptr<BlobStore>> OpenArchiveStore(const std::string& file, const LayerVisitor& visit) {
  auto store = std::make_unique<ArchiveStore>(file);
  if (auto indexed = store->Index(visit); !indexed) return std::unexpected(indexed.error());
  return store;
}

}  // namespace drydock
