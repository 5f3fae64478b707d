// An OCI image layout unpacked in a directory: every blob is its own file, so layers open in parallel.
// Files are opened one path component at a time with O_NOFOLLOW, beneath a descriptor of the layout root: a
// layout whose index.json (or blobs/ directory, or a blob) is a symlink would otherwise have us read any file
// on the host. The root itself is what the user named and may be reached through links.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/path.h"
#include "common/unique_fd.h"
#include "source/blob_store.h"
#include "source/file_reader.h"

namespace drydock {
namespace {

// Opens `clean` (a normalised relative path) beneath `root` without following a link at any component; the
// result is a regular file. The descriptor is the caller's to close.
Result<int> OpenBeneath(const std::string& root, std::string_view clean) {
  UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return Fail("{}: {}", root, std::strerror(errno));
  for (std::size_t start = 0;;) {
    const std::size_t slash = clean.find('/', start);
    const std::string part(clean.substr(start, slash == std::string_view::npos ? clean.npos : slash - start));
    const bool last = slash == std::string_view::npos;
    UniqueFd next(::openat(dir.get(), part.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? 0 : O_DIRECTORY)));
    if (!next) {
      if (errno == ELOOP || errno == ENOTDIR) return Fail("{}: a symbolic link; not followed out of the layout", clean);
      return Fail("{}: {}", clean, std::strerror(errno));
    }
    if (last) {
      struct stat st {};
      if (::fstat(next.get(), &st) != 0 || !S_ISREG(st.st_mode)) return Fail("{}: not a regular file", clean);
      return next.Release();
    }
    dir = std::move(next);
    start = slash + 1;
  }
}

class DirStore final : public BlobStore {
 public:
  explicit DirStore(std::string root) : root_(std::move(root)) {}

  bool Has(std::string_view path) const override {
    auto fd = Open(path);
    if (fd) ::close(*fd);
    return fd.has_value();
  }

  Result<std::string> ReadMetadata(std::string_view path) const override {
    auto fd = Open(path);
    if (!fd) return std::unexpected(fd.error());
    FileReader reader(*fd);
    std::string bytes;
    char chunk[1 << 16];
    for (;;) {
      auto n = reader.Read(chunk, sizeof chunk);
      if (!n) return Rewrap(n.error(), "{}", path);
      if (*n == 0) return bytes;
      if (bytes.size() + *n > kMaxMetadataBytes) return Fail("{}: over the {} byte limit", path, kMaxMetadataBytes);
      bytes.append(chunk, *n);
    }
  }

  Result<BlobVisit> VisitBlob(const ImageLayer& layer, const LayerVisitor& visit) const override {
    auto fd = Open(layer.blob_path);
    if (!fd) return std::unexpected(fd.error());
    FileReader reader(*fd);
    return VisitStream(reader, layer, visit);
  }

  std::optional<std::uint64_t> BlobSize(std::string_view path) const override {
    auto fd = Open(path);
    if (!fd) return std::nullopt;
    UniqueFd owner(*fd);
    struct stat st {};
    if (::fstat(*fd, &st) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
  }

  bool Seekable() const override { return true; }

 private:
  Result<int> Open(std::string_view path) const {
    auto clean = NormalizePath(path);
    if (!clean || clean->empty()) return Fail("{}: path leaves the image directory", path);
    return OpenBeneath(root_, *clean);
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
