#include "source/file_reader.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace drydock {

FileReader::FileReader(int fd) : fd_(fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(kSmallestMappedBytes)) return;
  void* at = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  if (at == MAP_FAILED) return;  // read() it is
  ::madvise(at, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
  map_ = static_cast<const char*>(at);
  size_ = static_cast<std::size_t>(st.st_size);
}

FileReader::~FileReader() {
  if (map_ != nullptr) ::munmap(const_cast<char*>(map_) + kept_, size_ - kept_);
}

Result<std::size_t> FileReader::Read(char* buffer, std::size_t capacity) {
  if (map_ != nullptr) {
    auto lent = Lend(capacity);
    if (!lent) return std::unexpected(lent.error());
    std::memcpy(buffer, lent->data(), lent->size());
    return lent->size();
  }
  for (;;) {
    ssize_t n = ::read(fd_.get(), buffer, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return Fail("read: {}", std::strerror(errno));
  }
}

Result<std::string_view> FileReader::Lend(std::size_t most) {
  if (map_ == nullptr) return ByteReader::Lend(most);
  // What was lent before this call is the caller's no longer: whole pages of it are let go.
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t done = at_ / page * page;
  if (done - kept_ >= kUnmapStepBytes) {
    ::munmap(const_cast<char*>(map_) + kept_, done - kept_);
    kept_ = done;
  }
  const std::size_t n = std::min(most, size_ - at_);
  std::string_view bytes(map_ + at_, n);
  at_ += n;
  return bytes;
}

}  // namespace drydock
