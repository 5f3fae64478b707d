#include "source/decompress.h"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "source/read_ahead.h"
#include "source/read_buffer.h"

namespace drydock {
namespace {

constexpr std::size_t kInputChunkBytes = 256 << 10;
constexpr std::size_t kLentInputBytes = 1 << 20;
constexpr std::size_t kLongestMagicBytes = 4;  // zstd's

Compression Detect(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b)
    return Compression::kGzip;
  if (head.size() >= 4 && std::memcmp(head.data(), "\x28\xb5\x2f\xfd", 4) == 0) return Compression::kZstd;
  return Compression::kNone;
}

// Buffers input so the first chunk can be inspected before the codec is chosen.
class Decompressor final : public ByteReader {
 public:
  explicit Decompressor(ByteReader& raw) : raw_(raw), input_(kInputChunkBytes) {}
  ~Decompressor() override {
    if (zstd_ != nullptr) ZSTD_freeDStream(zstd_);
  }

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    if (!started_) {
      if (auto head = ReadHead(); !head) return std::unexpected(head.error());
      mode_ = Detect(std::string_view(in_, available_));
      if (mode_ == Compression::kGzip) ResetGzip();
      if (mode_ == Compression::kZstd) zstd_ = ZSTD_createDStream();
      started_ = true;
    }
    switch (mode_) {
      case Compression::kGzip: return ReadGzip(buffer, capacity);
      case Compression::kZstd: return ReadZstd(buffer, capacity);
      case Compression::kNone: break;
    }
    if (available_ == 0 && !raw_.Lends()) {
      if (input_ended_) return 0;
      // Nothing buffered: straight into the caller's buffer, so a plain stream's bytes are not copied twice.
      auto n = raw_.Read(buffer, capacity);
      if (n && *n == 0) input_ended_ = true;
      return n;
    }
    if (auto filled = Fill(); !filled) return std::unexpected(filled.error());
    if (available_ == 0) return 0;
    std::size_t n = std::min(capacity, available_);
    std::memcpy(buffer, in_ + offset_, n);
    offset_ += n;
    available_ -= n;
    return n;
  }

  // A plain stream's bytes are raw's, every one of them, in order.
  const HashingReader* SameBytesHashedBy() const override {
    return started_ && mode_ == Compression::kNone ? raw_.SameBytesHashedBy() : nullptr;
  }
  Compression mode() const { return mode_; }  // known after the first Read()

 private:
  // The codecs' view of the input (igzip's next_in is not const, though it only reads through it).
  uint8_t* In() { return reinterpret_cast<uint8_t*>(const_cast<char*>(in_)); }

  // Refills the input when it is empty: the next bytes raw_ lends, else a read into input_. Sets input_ended_ at
  // end of the raw stream.
  Status Fill() {
    if (available_ > 0 || input_ended_) return {};
    if (raw_.Lends()) {
      auto lent = raw_.Lend(kLentInputBytes);
      if (!lent) return std::unexpected(lent.error());
      in_ = lent->data();
      offset_ = 0;
      available_ = lent->size();
      if (lent->empty()) input_ended_ = true;
      return {};
    }
    char* into = input_.Next();  // first: it sets capacity()
    auto n = raw_.Read(into, input_.capacity());
    if (!n) return std::unexpected(n.error());
    input_.Filled(*n);
    in_ = input_.data();
    offset_ = 0;
    available_ = *n;
    if (*n == 0) input_ended_ = true;
    return {};
  }

  // The first bytes, at least as many as the longest magic number unless the stream is shorter: a first read or
  // lend may give fewer (a network stream can), and a zstd stream must not pass for a plain one. Bytes gathered
  // across pieces are kept in head_ until the codec has taken them.
  Status ReadHead() {
    if (auto filled = Fill(); !filled) return filled;
    if (available_ >= kLongestMagicBytes || input_ended_) return {};
    head_.assign(in_ + offset_, available_);
    while (head_.size() < kLongestMagicBytes) {
      available_ = 0;
      if (auto filled = Fill(); !filled) return filled;
      if (input_ended_) break;
      head_.append(in_ + offset_, available_);
    }
    in_ = head_.data();
    offset_ = 0;
    available_ = head_.size();
    return {};
  }

  void ResetGzip() {
    isal_inflate_init(&gzip_);
    gzip_.crc_flag = ISAL_GZIP;
  }

  Result<std::size_t> ReadGzip(char* buffer, std::size_t capacity) {
    for (;;) {
      if (gzip_.block_state == ISAL_BLOCK_FINISH) {
        // One member ended. Another may follow (multi-member gzip); anything else after it is ignored, as gzip
        // does with trailing zeros. The raw bytes are still hashed by the caller.
        if (auto filled = Fill(); !filled) return std::unexpected(filled.error());
        if (available_ == 0 || In()[offset_] != 0x1f) return 0;
        ResetGzip();
      }
      if (available_ == 0) {
        if (auto filled = Fill(); !filled) return std::unexpected(filled.error());
        if (input_ended_) return Fail("gzip stream is truncated (no end-of-stream marker)");
      }
      gzip_.next_in = In() + offset_;
      gzip_.avail_in = static_cast<uint32_t>(available_);
      gzip_.next_out = reinterpret_cast<uint8_t*>(buffer);
      gzip_.avail_out = static_cast<uint32_t>(std::min<std::size_t>(capacity, UINT32_MAX));
      int ret = isal_inflate(&gzip_);
      std::size_t consumed = available_ - gzip_.avail_in;
      offset_ += consumed;
      available_ -= consumed;
      if (ret < 0) return Fail("gzip data is corrupt (igzip error {})", ret);
      std::size_t produced = std::min<std::size_t>(capacity, UINT32_MAX) - gzip_.avail_out;
      if (produced > 0) return produced;
    }
  }

  Result<std::size_t> ReadZstd(char* buffer, std::size_t capacity) {
    for (;;) {
      if (available_ == 0) {
        if (auto filled = Fill(); !filled) return std::unexpected(filled.error());
        if (input_ended_) {
          if (zstd_frame_open_) return Fail("zstd stream is truncated");
          return 0;
        }
      }
      ZSTD_inBuffer in{In() + offset_, available_, 0};
      ZSTD_outBuffer out{buffer, capacity, 0};
      std::size_t ret = ZSTD_decompressStream(zstd_, &out, &in);
      offset_ += in.pos;
      available_ -= in.pos;
      if (ZSTD_isError(ret)) return Fail("zstd data is corrupt: {}", ZSTD_getErrorName(ret));
      zstd_frame_open_ = ret != 0;
      if (out.pos > 0) return out.pos;
    }
  }

  ByteReader& raw_;
  GrowingReadBuffer input_;
  const char* in_ = nullptr;  // input_'s bytes, those raw_ lent, or head_'s
  std::string head_;
  std::size_t offset_ = 0, available_ = 0;
  bool input_ended_ = false, started_ = false, zstd_frame_open_ = false;
  Compression mode_ = Compression::kNone;
  inflate_state gzip_{};
  ZSTD_DStream* zstd_ = nullptr;
};

// Inflates on the caller's thread until the walk has a thread to spare, then on a helper that keeps a few chunks
// ahead of the caller: from the first Read() when a slot is free, or from the middle of the stream once another
// walker of the same walk has ended (so the last large layer is not inflated and walked by one core alone).
class InflateAhead final : public ByteReader {
 public:
  InflateAhead(ByteReader& raw, WalkThreads& threads) : codec_(raw), threads_(threads) {}

  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    if (ahead_) return ahead_->Read(buffer, capacity);
    auto n = codec_.Read(buffer, capacity);
    // The first Read() told the codec; a plain stream has nothing to inflate and stays on this thread.
    if (n && *n > 0 && codec_.mode() != Compression::kNone) {
      if (auto slot = threads_.TryTake()) {
        slot_.emplace(std::move(*slot));
        ahead_ = std::make_unique<ReadAheadReader>(codec_);
      }
    }
    return n;
  }
  const HashingReader* SameBytesHashedBy() const override { return ahead_ ? nullptr : codec_.SameBytesHashedBy(); }

 private:
  Decompressor codec_;
  WalkThreads& threads_;
  std::optional<WalkThreads::Slot> slot_;   // held while ahead_'s thread runs
  std::unique_ptr<ReadAheadReader> ahead_;  // last: stopped and joined before the slot and the codec go
};

}  // namespace

Compression DetectCompression(std::string_view head) { return Detect(head); }

std::unique_ptr<ByteReader> OpenDecompressed(ByteReader& raw, WalkThreads* helpers) {
  if (helpers != nullptr) return std::make_unique<InflateAhead>(raw, *helpers);
  return std::make_unique<Decompressor>(raw);
}

}  // namespace drydock
