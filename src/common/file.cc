#include "common/file.h"

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/unique_fd.h"

namespace drydock {

Result<std::string> ReadFileBounded(const std::string& path, std::size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return FailWith(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kInvalidInput, "{}: {}", path,
                    std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return FailWith(ErrorCode::kInvalidInput, "{}: not a regular file", path);
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return FailWith(ErrorCode::kTooLarge, "{}: {} bytes is over the {} byte limit", path, st.st_size, max_bytes);
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Fail("{}: short read", path);
    done += static_cast<std::size_t>(n);
  }
  return bytes;
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes, unsigned mode) {
  // The bytes go to an unnamed file (O_TMPFILE) in the target's directory and get a name only once complete:
  // a process killed mid-write (a secret-rule compile, a cache or credentials save) leaves nothing behind. The
  // named temp file is the fallback for filesystems without O_TMPFILE.
  static std::atomic<unsigned> serial{0};
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
  const bool unnamed = static_cast<bool>(fd);
  std::string temp = unnamed ? fmt::format("{}.tmp-{}-{}", path, ::getpid(), serial++) : path + ".tmp-XXXXXX";
  if (!unnamed) fd.Reset(::mkstemp(temp.data()));
  if (!fd) return Fail("{}: cannot create temp file: {}", path, std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fd.Reset();
      if (!unnamed) ::unlink(temp.c_str());
      return Fail("{}: write failed: {}", temp, std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0 || ::fsync(fd.get()) != 0) {
    fd.Reset();
    if (!unnamed) ::unlink(temp.c_str());
    return Fail("{}: cannot write: {}", path, std::strerror(errno));
  }
  // linkat through /proc names the finished file (AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH).
  if (unnamed && ::linkat(AT_FDCWD, fmt::format("/proc/self/fd/{}", fd.get()).c_str(), AT_FDCWD, temp.c_str(),
                          AT_SYMLINK_FOLLOW) != 0) {
    return Fail("{}: cannot name the written file: {}", path, std::strerror(errno));
  }
  if (fd.Close() != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return Fail("{}: cannot write: {}", path, std::strerror(errno));
  }
  return {};
}

Status WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Fail("write: {}", std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

std::size_t LineAtOffset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace drydock
