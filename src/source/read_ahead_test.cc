#include "source/read_ahead.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <set>
#include <vector>

#include "source/archive_reader.h"
#include "source/decompress.h"
#include "source/random_bytes_test_util.h"

namespace drydock {
namespace {

// A layer blob of images/debian12-app.oci.tar, as gzip (layer 3, 9.6 MB compressed, 19.7 MB inflated).
const std::string kOciTar = std::string(DRYDOCK_TESTDATA) + "/images/debian12-app.oci.tar";

// Hands out at most `step` bytes a read, then fails after `fail_after` bytes when that is set; counts reads.
class ShortReader final : public ByteReader {
 public:
  ShortReader(std::string_view bytes, std::size_t step, std::size_t fail_after = SIZE_MAX)
      : bytes_(bytes), step_(step), fail_after_(fail_after) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    reads.fetch_add(1);
    if (offset_ >= fail_after_) return Fail("disk on fire at byte {}", offset_);
    std::size_t n = std::min({capacity, step_, bytes_.size() - offset_, fail_after_ - offset_});
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  std::atomic<int> reads{0};

 private:
  std::string_view bytes_;
  std::size_t step_, fail_after_, offset_ = 0;
};

// Lends at most `step` bytes at a time, as a mapped file lends its pages; Read() fails, so a caller that lends
// must lend throughout.
class ShortLender final : public ByteReader {
 public:
  ShortLender(std::string_view bytes, std::size_t step) : bytes_(bytes), step_(step) {}
  Result<std::size_t> Read(char*, std::size_t) override { return Fail("read, not lent"); }
  bool Lends() const override { return true; }
  Result<std::string_view> Lend(std::size_t most) override {
    std::string_view lent = bytes_.substr(0, std::min(most, step_));
    bytes_.remove_prefix(lent.size());
    return lent;
  }

 private:
  std::string_view bytes_;
  std::size_t step_;
};

Result<std::string> ReadAll(ByteReader& reader, std::size_t buffer_bytes) {
  std::string out, buffer(buffer_bytes, '\0');
  for (;;) {
    auto n = reader.Read(buffer.data(), buffer.size());
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return out;
    out.append(buffer.data(), *n);
  }
}

TEST(ReadAheadTest, EveryByteInOrderWhateverTheReadSizes) {
  const std::string bytes = RandomBytes(3 * ReadAheadReader::kChunkBytes * ReadAheadReader::kChunks + 12345);
  for (std::size_t step : {std::size_t{1000}, std::size_t{1} << 20}) {
    for (std::size_t buffer : {std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20}) {
      if (step == 1000 && buffer == 7) continue;  // 7-byte reads of 3 MB: slow and no different
      ShortReader inner(bytes, step);
      ReadAheadReader ahead(inner);
      auto got = ReadAll(ahead, buffer);
      ASSERT_TRUE(got) << got.error().message;
      EXPECT_TRUE(*got == bytes) << "step " << step << ", buffer " << buffer;
      auto again = ahead.Read(nullptr, 0);  // after the end: still the end
      ASSERT_TRUE(again);
      EXPECT_EQ(*again, 0u);
    }
  }
  ShortReader empty("", 10);
  ReadAheadReader ahead(empty);
  auto got = ReadAll(ahead, 100);
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->empty());
}

// An error comes after every byte read before it, never instead of them, and not as an early end.
TEST(ReadAheadTest, AnErrorFollowsTheBytesBeforeIt) {
  const std::string bytes = RandomBytes(1 << 20);
  ShortReader inner(bytes, 5000, 700'001);
  ReadAheadReader ahead(inner);
  std::string got, buffer(3000, '\0');
  for (;;) {
    auto n = ahead.Read(buffer.data(), buffer.size());
    if (!n) {
      EXPECT_NE(n.error().message.find("disk on fire at byte 700001"), std::string::npos) << n.error().message;
      break;
    }
    ASSERT_NE(*n, 0u) << "an error must not read as the end of the stream";
    got.append(buffer.data(), *n);
  }
  EXPECT_TRUE(got == bytes.substr(0, 700'001));
}

// A caller that stops early (a corrupt tar, a cancelled scan) destroys the reader: the thread ends at once and
// the inner stream is not read afterwards (it may be gone).
TEST(ReadAheadTest, DestroyingStopsReadingAhead) {
  const std::string bytes = RandomBytes(16 << 20);
  ShortReader inner(bytes, 4096);
  {
    ReadAheadReader ahead(inner);
    char buffer[100];
    ASSERT_TRUE(ahead.Read(buffer, sizeof buffer));
  }
  const int reads = inner.reads.load();
  // At most the ring's worth was read ahead, not the whole 16 MB.
  EXPECT_LE(reads, static_cast<int>((ReadAheadReader::kChunks + 1) * ReadAheadReader::kChunkBytes / 4096 + 1));
  EXPECT_EQ(inner.reads.load(), reads);
}

std::string LayerBlob() {
  auto tar = OpenTarFile(kOciTar);
  if (!tar) return "";
  for (;;) {
    auto entry = NextEntry(tar->get());
    if (!entry || *entry == nullptr) return "";
    if (std::string_view(archive_entry_pathname(*entry)) !=
        "blobs/sha256/65dceac14d810c7de5a659fa14750f751d2421f9c1731212191012c6893213ec") {
      continue;
    }
    ArchiveEntryReader data(tar->get());
    auto bytes = ReadAll(data, 1 << 16);
    return bytes ? *bytes : "";
  }
}

// A real gzip layer inflated ahead on its own thread gives the bytes inflating on the caller's thread gives;
// a plain stream is passed through and says whose digest covers it.
TEST(ReadAheadTest, InflateAheadMatchesInflatingInline) {
  const std::string blob = LayerBlob();
  ASSERT_EQ(blob.size(), 9648134u);
  ASSERT_EQ(Sha256::HexOf(blob), "65dceac14d810c7de5a659fa14750f751d2421f9c1731212191012c6893213ec");
  MemoryReader inline_raw(blob), ahead_raw(blob);
  auto inline_inflated = OpenDecompressed(inline_raw);
  WalkThreads two(2);
  auto ahead_inflated = OpenDecompressed(ahead_raw, &two);
  auto a = ReadAll(*inline_inflated, 1 << 18);
  auto b = ReadAll(*ahead_inflated, 1 << 18);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 19698176u);
  EXPECT_TRUE(*a == *b);
  EXPECT_EQ(ahead_inflated->SameBytesHashedBy(), nullptr);  // inflated bytes are not the blob's
  EXPECT_EQ(two.peak(), 2u);

  MemoryReader plain(*a);
  HashingReader hashing(plain);
  WalkThreads spare(2);
  auto passed = OpenDecompressed(hashing, &spare);
  auto c = ReadAll(*passed, 1000);
  ASSERT_TRUE(c);
  EXPECT_TRUE(*c == *a);
  EXPECT_EQ(passed->SameBytesHashedBy(), &hashing);
  EXPECT_EQ(hashing.CurrentHex(), Sha256::HexOf(*a));
  EXPECT_EQ(spare.peak(), 1u);  // a plain stream takes no helper
}

// Every member under blobs/sha256/ of an OCI layout tar.
std::vector<std::string> Blobs(const std::string& tar_path) {
  std::vector<std::string> blobs;
  auto tar = OpenTarFile(tar_path);
  if (!tar) return blobs;
  for (;;) {
    auto entry = NextEntry(tar->get());
    if (!entry || *entry == nullptr) return blobs;
    const std::string_view path = archive_entry_pathname(*entry);
    if (!path.starts_with("blobs/sha256/") || path.ends_with('/')) continue;
    ArchiveEntryReader data(tar->get());
    if (auto bytes = ReadAll(data, 1 << 16)) blobs.push_back(*bytes);
  }
}

// Input lent in pieces of any size (a mapped file lends up to 1 MiB at a time) inflates to the bytes that input
// read into a buffer gives: gzip (also two members back to back), zstd, and plain blobs of real images, and the
// 9.6 MB Debian layer. A truncated stream is the same error either way. Pieces shorter than zstd's 4-byte magic
// number, lent or read, are gathered before the codec is chosen.
TEST(ReadAheadTest, LentInputInflatesAsReadInputDoes) {
  const std::string kDive = std::string(DRYDOCK_TESTDATA) + "/wagoodman+dive/.data/";
  std::vector<std::string> blobs = Blobs(kDive + "test-oci-gzip-image.tar");
  const std::vector<std::string> zstd = Blobs(kDive + "test-oci-zstd-image.tar");
  blobs.insert(blobs.end(), zstd.begin(), zstd.end());
  ASSERT_EQ(blobs.size(), 6u);
  std::set<Compression> seen;
  for (const std::string& blob : blobs) seen.insert(DetectCompression(blob));
  EXPECT_EQ(seen, (std::set<Compression>{Compression::kNone, Compression::kGzip, Compression::kZstd}));
  const std::string layer = LayerBlob();
  ASSERT_EQ(layer.size(), 9648134u);
  blobs.push_back(layer + layer);  // two gzip members
  blobs.push_back(layer.substr(0, layer.size() - 100));  // truncated
  for (const std::string& blob : blobs) {
    ShortReader read(blob, 4096);
    auto want = ReadAll(*OpenDecompressed(read), 1 << 16);
    for (std::size_t step : {std::size_t{3}, std::size_t{4093}, std::size_t{1} << 20}) {
      if (step == 3 && blob.size() > (1 << 16)) continue;  // 3-byte pieces of megabytes: slow and no different
      ShortLender lent(blob, step);
      ShortReader short_reads(blob, step);  // a first read shorter than a magic number must not hide it either
      for (ByteReader* raw : {static_cast<ByteReader*>(&lent), static_cast<ByteReader*>(&short_reads)}) {
        auto got = ReadAll(*OpenDecompressed(*raw), 1 << 16);
        const std::string how = std::to_string(blob.size()) + " bytes, " + std::to_string(step) + " at a time" +
                                (raw == &lent ? " lent" : " read");
        ASSERT_EQ(got.has_value(), want.has_value()) << how;
        if (want) {
          EXPECT_TRUE(*got == *want) << how;
        } else {
          EXPECT_EQ(got.error().message, want.error().message) << how;
        }
      }
    }
  }
}

}  // namespace
}  // namespace drydock
