#include "layers/rootfs_walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <tuple>
#include <vector>

#include "common/path.h"
#include "common/unique_fd.h"

namespace drydock {
namespace {

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

using Fd = UniqueFd;

std::string Errno() { return std::strerror(errno); }

// Reads the regular file `name` in `dir`. O_NONBLOCK and the fstat on the open fd guard against the entry
// being swapped for a FIFO or device between the directory scan and the open. A file over `max_bytes` is an
// error unless `truncate`, when its first `max_bytes` are read (what an observer sees of a large file).
Result<std::string> ReadRegular(int dir, const char* name, std::size_t max_bytes = kMaxCapturedFileBytes,
                                bool truncate = false) {
  Fd fd(::openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return Fail("cannot open: {}", Errno());
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Fail("cannot stat: {}", Errno());
  if (!S_ISREG(st.st_mode)) return Fail("changed type while being read; skipped");
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes && !truncate) {
    return Fail("{} bytes is over the {} byte limit for a cataloged file", st.st_size, max_bytes);
  }
  std::string bytes(std::min(static_cast<std::size_t>(st.st_size), max_bytes), '\0');
  std::size_t done = 0;
  // The file may grow while we read; never read past what was sized (the bound above holds).
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail("cannot read: {}", Errno());
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

ObservedEntry Observed(const std::string& path, const struct stat& st) {
  return {path, static_cast<std::uint32_t>(st.st_mode & 07777), static_cast<std::uint64_t>(st.st_size)};
}

class RootfsWalker {
 public:
  RootfsWalker(const PathFilter& wanted, LayerFiles& out, const FileObserver* observer)
      : wanted_(wanted), out_(out), observer_(observer) {}

  // Walks the directory open at `dir` (owned), whose normalised path from the root is `prefix`.
  Status Walk(int dir, const std::string& prefix, int depth) {
    DirHandle handle(::fdopendir(dir));
    if (handle == nullptr) {
      ::close(dir);
      out_.issues.push_back({prefix, fmt::format("cannot list directory: {}", Errno())});
      return {};
    }
    for (;;) {
      errno = 0;
      const dirent* entry = ::readdir(handle.get());
      if (entry == nullptr) {
        if (errno != 0) out_.issues.push_back({prefix, fmt::format("cannot list directory: {}", Errno())});
        return {};
      }
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      if (++out_.entries > kMaxLayerEntries) return Fail("more than {} entries", kMaxLayerEntries);
      std::string path = prefix.empty() ? std::string(name) : prefix + "/" + std::string(name);
      if (auto visited = Visit(::dirfd(handle.get()), entry->d_name, entry->d_type, path, depth); !visited) {
        return visited;
      }
    }
  }

 private:
  // `type` is readdir's d_type. Most entries of a root filesystem are files no cataloger wants: when the type
  // is known and no observer needs a file's size and mode, they cost no system call at all. Nothing relies on
  // the type staying true: a directory is opened O_DIRECTORY|O_NOFOLLOW, a file is checked on its open fd.
  Status Visit(int dir, const char* name, unsigned char type, const std::string& path, int depth) {
    struct stat st {};
    const bool need_stat = type == DT_UNKNOWN || (type == DT_REG && observer_ != nullptr);
    if (need_stat) {
      if (::fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        out_.issues.push_back({path, fmt::format("cannot stat: {}", Errno())});
        return {};
      }
    } else {
      st.st_mode = DTTOIF(type);
    }
    if (S_ISDIR(st.st_mode)) {
      if (depth + 1 > kMaxRootfsDepth) {
        out_.issues.push_back({path, fmt::format("nested deeper than {} directories; skipped", kMaxRootfsDepth)});
        return {};
      }
      int child = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0) {
        out_.issues.push_back({path, fmt::format("cannot open directory: {}", Errno())});
        return {};
      }
      return Walk(child, path, depth + 1);
    }
    const bool wanted = wanted_(path);
    bool observed = false;
    if (S_ISREG(st.st_mode) && observer_ != nullptr) {
      observed = observer_->wants(Observed(path, st));
      if (observed && !wanted) {  // a cataloged file is read once below and shown to the observer from memory
        auto bytes = ReadRegular(dir, name, kMaxObservedFileBytes, true);
        if (bytes) {
          observer_->see(Observed(path, st), *bytes);
        } else {
          out_.issues.push_back({path, bytes.error().message});
        }
        return {};
      }
    }
    if (!wanted) return {};
    if (S_ISLNK(st.st_mode)) {
      std::string target(kMaxLinkTargetBytes + 1, '\0');
      ssize_t n = ::readlinkat(dir, name, target.data(), target.size());
      if (n < 0 || static_cast<std::size_t>(n) > kMaxLinkTargetBytes) {
        out_.issues.push_back({path, n < 0 ? fmt::format("cannot read link: {}", Errno())
                                           : fmt::format("link target over {} bytes; skipped", kMaxLinkTargetBytes)});
        return {};
      }
      target.resize(static_cast<std::size_t>(n));
      out_.files[path] = CapturedFile{CapturedFile::Kind::kSymlink, ResolveLinkTarget(path, target)};
    } else if (S_ISREG(st.st_mode)) {
      auto bytes = ReadRegular(dir, name);
      if (!bytes) {
        out_.issues.push_back({path, bytes.error().message});
        return {};
      }
      if (observed) {
        observer_->see(Observed(path, st), std::string_view(*bytes).substr(0, kMaxObservedFileBytes));
      }
      out_.files[path] = CapturedFile{CapturedFile::Kind::kRegular, std::move(*bytes)};
    }
    return {};  // devices, FIFOs, sockets: nothing a cataloger reads, and opening one could block or act
  }

  const PathFilter& wanted_;
  LayerFiles& out_;
  const FileObserver* observer_;  // may be null
};

}  // namespace

Status WalkRootfs(const std::string& root, const PathFilter& wanted, LayerFiles& out, const FileObserver* observer) {
  int dir = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Fail("cannot open directory: {}", Errno());
  RootfsWalker walker(wanted, out, observer);
  if (auto walked = walker.Walk(dir, "", 0); !walked) return walked;
  // readdir order depends on the filesystem; reports must not.
  std::sort(out.issues.begin(), out.issues.end(), [](const LayerIssue& a, const LayerIssue& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
  return {};
}

}  // namespace drydock
