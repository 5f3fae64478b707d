// A read buffer that starts small and doubles, up to its most, each time a read fills it: a large stream soon
// reads in big chunks, and a small one (a tiny layer, a fuzz input) never allocates or touches them. The bytes
// are left unset (new char[]): nothing is zeroed only to be overwritten.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>

namespace drydock {

class GrowingReadBuffer {
 public:
  static constexpr std::size_t kFirstBytes = 16 << 10;

  explicit GrowingReadBuffer(std::size_t most) : most_(most) {}

  // Where the next read goes (`capacity()` bytes). Grows first when the last read filled the buffer, so call it
  // only once the bytes it returned before are no longer needed.
  char* Next() {
    if (bytes_ == nullptr || (last_filled_ && capacity_ < most_)) {
      capacity_ = bytes_ == nullptr ? std::min(kFirstBytes, most_) : std::min(capacity_ * 2, most_);
      bytes_.reset(new char[capacity_]);
    }
    return bytes_.get();
  }
  std::size_t capacity() const { return capacity_; }
  // How many bytes the read into Next() gave.
  void Filled(std::size_t n) { last_filled_ = n == capacity_; }
  char* data() { return bytes_.get(); }

 private:
  const std::size_t most_;
  std::size_t capacity_ = 0;
  bool last_filled_ = false;
  std::unique_ptr<char[]> bytes_;
};

}  // namespace drydock
