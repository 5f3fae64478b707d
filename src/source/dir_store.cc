// An OCI image layout unpacked in a directory: every blob is its own file, so layers open in parallel.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/file.h"
#include "common/path.h"
#include "source/blob_store.h"

namespace drydock {
namespace {

class FileReader final : public ByteReader {
 public:
  explicit FileReader(int fd) : fd_(fd) {}
  ~FileReader() override { ::close(fd_); }
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    for (;;) {
      ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return Fail("read: {}", std::strerror(errno));
    }
  }

 private:
  int fd_;
};

class DirStore final : public BlobStore {
 public:
  explicit DirStore(std::string root) : root_(std::move(root)) {}

  bool Has(std::string_view path) const override {
    auto full = FullPath(path);
    struct stat st {};
    return full && ::stat(full->c_str(), &st) == 0 && S_ISREG(st.st_mode);
  }

  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto full = FullPath(path);
    if (!full) return Fail("{}: path leaves the image directory", path);
    return ReadFileBounded(*full, kMaxMetadataBytes);
  }

  Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const override {
    auto full = FullPath(layer.blob_path);
    if (!full) return Fail("{}: path leaves the image directory", layer.blob_path);
    // O_NOFOLLOW: a blob that is a symlink could point anywhere on the host.
    int fd = ::open(full->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Fail("{}: {}", layer.blob_path, std::strerror(errno));
    FileReader reader(fd);
    return VisitStream(reader, layer, visit);
  }

  std::optional<std::uint64_t> BlobSize(std::string_view path) const override {
    auto full = FullPath(path);
    struct stat st {};
    if (!full || ::lstat(full->c_str(), &st) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
  }

  bool Seekable() const override { return true; }

 private:
  std::optional<std::string> FullPath(std::string_view path) const {
    auto clean = NormalizePath(path);
    if (!clean || clean->empty()) return std::nullopt;
    return root_ + "/" + *clean;
  }

  std::string root_;
};

}  // namespace

Result<std::unique_ptr<BlobStore>> OpenDirStore(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return Fail("{}: not a directory", dir);
  return std::make_unique<DirStore>(dir);
}

Result<BlobVisit> VisitStream(ByteReader& raw, const ImageLayer& layer, const LayerVisitor& visit) {
  HashingReader hashing(raw);
  auto diff = visit(layer, hashing);
  if (!diff) return std::unexpected(diff.error());
  if (auto drained = hashing.Drain(); !drained) return std::unexpected(drained.error());
  return BlobVisit{.sha256 = hashing.FinishHex(), .size = hashing.bytes_read(), .diff_sha256 = *diff};
}

}  // namespace drydock
