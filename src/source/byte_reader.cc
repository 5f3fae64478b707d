#include "source/byte_reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace drydock {

Result<std::string_view> ByteReader::Lend(std::size_t) { return Fail("this stream does not lend its bytes"); }

Result<std::string_view> MemoryReader::Lend(std::size_t most) {
  std::string_view lent = bytes_.substr(0, most);
  bytes_.remove_prefix(lent.size());
  return lent;
}

Result<std::size_t> MemoryReader::Read(char* buffer, std::size_t capacity) {
  std::size_t n = std::min(capacity, bytes_.size());
  std::memcpy(buffer, bytes_.data(), n);
  bytes_.remove_prefix(n);
  return n;
}

Result<std::size_t> HashingReader::Read(char* buffer, std::size_t capacity) {
  auto n = inner_.Read(buffer, capacity);
  if (n && *n > 0) {
    hash_.Update(buffer, *n);
    bytes_read_ += *n;
  }
  return n;
}

Status HashingReader::Drain() {
  std::vector<char> buffer(1 << 16);
  for (;;) {
    auto n = Read(buffer.data(), buffer.size());
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return {};
  }
}

}  // namespace drydock
