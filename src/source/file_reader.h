// A file read as a byte stream. A large regular file is mapped rather than read(): the inflater then takes its
// compressed bytes straight from the page cache (Lend), and the kernel does not copy them into a buffer first,
// which saved about a tenth of the inflating thread's time on a docker-save .tar.gz.
//
// Pages already handed on are unmapped as the stream moves past them, a few megabytes at a time, so the
// resident size stays small however large the file (the kernel keeps them cached all the same).
//
// A mapped file that another process shrinks while it is read faults (SIGBUS), as it would for git or ripgrep;
// the image file is the user's, not the image author's, so this is accepted. Small files, and files that cannot
// be mapped, are read() as before.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/unique_fd.h"
#include "source/byte_reader.h"

namespace drydock {

class FileReader final : public ByteReader {
 public:
  // Takes ownership of `fd`, open for reading and positioned at its start.
  explicit FileReader(int fd);
  ~FileReader() override;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override;
  bool Lends() const override { return map_ != nullptr; }
  Result<std::string_view> Lend(std::size_t most) override;

  static constexpr std::size_t kSmallestMappedBytes = 1 << 20;
  static constexpr std::size_t kUnmapStepBytes = 8 << 20;

 private:
  UniqueFd fd_;
  const char* map_ = nullptr;
  std::size_t size_ = 0;  // of the mapping: the file's size when it was opened
  std::size_t at_ = 0;    // the next byte Read or Lend gives
  std::size_t kept_ = 0;  // bytes before this are unmapped (a multiple of the page size)
};

}  // namespace drydock
