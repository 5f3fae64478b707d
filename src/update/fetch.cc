#include "update/fetch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "common/file.h"
#include "source/registry/transfer.h"

namespace drydock {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string LocalPath(const std::string& location) {
  return location.starts_with("file://") ? location.substr(7) : location;
}

std::uint64_t FileSize(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// Copies `reader` into `fd` until the end or an error; the bytes that did arrive stay written. Going over
// `max_bytes` stops the copy and sets `too_large`.
Result<std::string> Drain(ByteReader& reader, int fd, std::uint64_t max_bytes, const std::string& label,
                          bool& too_large) {
  char chunk[1 << 16];
  for (;;) {
    auto n = reader.Read(chunk, sizeof chunk);
    if (!n) return n.error().message;
    if (*n == 0) return std::string();
    if (auto w = WriteAll(fd, chunk, *n); !w) return Rewrap(w.error(), "{}", label);
    if (FileSize(fd) > max_bytes) {
      too_large = true;
      return fmt::format("{}: larger than {} bytes", label, max_bytes);
    }
  }
}

Result<FetchedFile> CopyLocal(const std::string& path, int out_fd, std::uint64_t max_bytes) {
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    if (errno == ENOENT) return FetchedFile{.status = kHttpNotFound};
    return Fail("{}: {}", path, std::strerror(errno));
  }
  if (::ftruncate(out_fd, 0) != 0) return Fail("truncate: {}", std::strerror(errno));
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(in.fd, chunk, sizeof chunk);
    if (n < 0) return Fail("{}: {}", path, std::strerror(errno));
    if (n == 0) break;
    if (auto w = WriteAll(out_fd, chunk, static_cast<std::size_t>(n)); !w) return std::unexpected(w.error());
    if (FileSize(out_fd) > max_bytes) {
      return FetchedFile{.status = kHttpOk, .bytes = FileSize(out_fd),
                         .error = fmt::format("{}: larger than {} bytes", path, max_bytes), .too_large = true};
    }
  }
  return FetchedFile{.status = kHttpOk, .bytes = FileSize(out_fd)};
}

}  // namespace

bool IsHttpLocation(const std::string& location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

Result<FetchedText> FetchText(const std::string& location, std::size_t max_bytes, const std::string& etag,
                              const std::string& last_modified) {
  if (!IsHttpLocation(location)) {
    std::string path = LocalPath(location);
    if (::access(path.c_str(), F_OK) != 0) return FetchedText{.status = kHttpNotFound};
    auto body = ReadFileBounded(path, max_bytes);
    if (!body) return std::unexpected(body.error());
    return FetchedText{.status = kHttpOk, .body = std::move(*body)};
  }
  HttpGet get{.url = location};
  if (!etag.empty()) get.headers.push_back("If-None-Match: " + etag);
  if (!last_modified.empty()) get.headers.push_back("If-Modified-Since: " + last_modified);
  auto t = Transfer::Start(get, TransferOptions{});
  if (!t) return std::unexpected(t.error());
  FetchedText out{.status = (*t)->status(), .etag = (*t)->Header("etag"),
                  .last_modified = (*t)->Header("last-modified")};
  if (out.status != kHttpOk) return out;
  auto body = (*t)->ReadAll(max_bytes);
  if (!body) return std::unexpected(body.error());
  out.body = std::move(*body);
  return out;
}

Result<FetchedFile> FetchFile(const std::string& location, const std::string& part_path, const std::string& if_range,
                              std::uint64_t max_bytes, const std::vector<std::string>& headers) {
  Fd out{::open(part_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)};
  if (out.fd < 0) return Fail("{}: {}", part_path, std::strerror(errno));
  if (!IsHttpLocation(location)) return CopyLocal(LocalPath(location), out.fd, max_bytes);

  std::uint64_t have = FileSize(out.fd);
  HttpGet get{.url = location, .headers = headers};
  const bool resuming = have > 0 && !if_range.empty();
  if (resuming) {
    get.headers.push_back(fmt::format("Range: bytes={}-", have));
    get.headers.push_back("If-Range: " + if_range);
  }
  auto t = Transfer::Start(get, TransferOptions{});
  if (!t) return std::unexpected(t.error());
  FetchedFile result{.status = (*t)->status(), .etag = (*t)->Header("etag"),
                     .last_modified = (*t)->Header("last-modified")};
  if (result.status == kHttpOk) {
    if (::ftruncate(out.fd, 0) != 0) return Fail("{}: {}", part_path, std::strerror(errno));
  } else if (result.status != kHttpPartial || !resuming) {
    result.status = result.status == kHttpPartial ? 0 : result.status;  // a 206 we did not ask for is no use
    return result;
  }
  // A body announced as larger than allowed is refused before a byte of it is stored.
  const std::string length = (*t)->Header("content-length");
  if (!length.empty() && length.size() < 20 && length.find_first_not_of("0123456789") == std::string::npos &&
      (result.status == kHttpOk ? 0 : have) + std::stoull(length) > max_bytes) {
    if (::ftruncate(out.fd, 0) != 0) return Fail("{}: {}", part_path, std::strerror(errno));
    result.too_large = true;
    result.error = fmt::format("{}: {} bytes announced, over the {} byte bound", location,
                               (result.status == kHttpOk ? 0 : have) + std::stoull(length), max_bytes);
    return result;
  }
  auto drained = Drain(**t, out.fd, max_bytes, location, result.too_large);
  if (!drained) return std::unexpected(drained.error());
  result.error = std::move(*drained);
  ::fsync(out.fd);
  result.bytes = FileSize(out.fd);
  return result;
}

}  // namespace drydock
