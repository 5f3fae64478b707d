#include "layers/layer_walk.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "common/path.h"
#include "layers/merged_view.h"
#include "source/archive_reader.h"
#include "source/decompress.h"

namespace drydock {
namespace {

const std::string kHostileOci = std::string(DRYDOCK_TESTDATA) + "/images/hostile.oci.tar";
constexpr char kHostileLayer1[] = "blobs/sha256/25c2ae7b53a0b2d09157d9a549a8f840f43aee6e3c8212ff3d5cbe90a92a5bcf";

bool HasIssue(const LayerFiles& files, std::string_view path, std::string_view words) {
  for (const LayerIssue& issue : files.issues) {
    if (issue.path == path && issue.message.find(words) != std::string::npos) return true;
  }
  return false;
}

// Walks layer 1 of images/hostile.oci.tar (see images/hostile/README.txt for each trap) asking for every path.
TEST(LayerWalkTest, HostileLayerIsConfinedAndReported) {
  auto outer = OpenTarFile(kHostileOci);
  ASSERT_TRUE(outer) << outer.error().message;
  LayerFiles files;
  Result<std::string> diff_id = Fail("layer not found");
  for (;;) {
    auto entry = NextEntry(outer->get());
    ASSERT_TRUE(entry) << entry.error().message;
    if (*entry == nullptr) break;
    if (NormalizePath(archive_entry_pathname(*entry)) != kHostileLayer1) continue;
    ArchiveEntryReader blob(outer->get());
    diff_id = WalkLayer(blob, [](std::string_view) { return true; }, files);
    break;
  }
  ASSERT_TRUE(diff_id) << diff_id.error().message;
  EXPECT_EQ(*diff_id, "d6277fda6235f1f4baefcd639693a82c86036c1a542224d47f9b47fc685bc615");

  EXPECT_TRUE(HasIssue(files, "../../etc/evil", "leaves the layer root"));
  EXPECT_TRUE(files.files.contains("etc/abs"));  // absolute name kept inside the root
  ASSERT_TRUE(files.files.contains("etc/link"));
  EXPECT_EQ(files.files.at("etc/link").kind, CapturedFile::Kind::kSymlink);
  EXPECT_EQ(files.files.at("etc/link").data, "etc/passwd");  // resolved inside the image, not the host
  EXPECT_TRUE(HasIssue(files, "etc/hardlink-escape", "leaves the layer"));
  EXPECT_TRUE(HasIssue(files, "bomb/zeros.img", "limit"));  // 2 GiB file never read into memory
  EXPECT_FALSE(files.files.contains("bomb/zeros.img"));
  EXPECT_FALSE(files.files.contains("dev/mem"));
  EXPECT_FALSE(files.files.contains("dev/evil-fifo"));
  EXPECT_EQ(std::count(files.whiteouts.begin(), files.whiteouts.end(), "etc/ghost-file"), 1);
  EXPECT_EQ(std::count(files.opaque_dirs.begin(), files.opaque_dirs.end(), "nonexistent-dir"), 1);
  EXPECT_FALSE(files.files.contains("etc/.wh.ghost-file"));  // whiteout markers are not files
  EXPECT_GE(files.uncompressed_bytes, 2147483648u);
  // Nothing was written anywhere: the write-through-symlink trap's target does not exist.
  EXPECT_FALSE(std::filesystem::exists("/tmp/drydock-hostile-write-through-symlink"));
  std::size_t deep = 0;
  for (const auto& [path, file] : files.files) deep += path.starts_with("deep/") && path.ends_with("package.json");
  EXPECT_EQ(deep, 20u);  // 20 nested node_modules levels, paths up to 397 chars via PAX headers

  MergedView view({&files});
  auto loop = view.Read("a");
  ASSERT_FALSE(loop);  // a -> b -> a
  EXPECT_NE(loop.error().message.find("too many levels"), std::string::npos);
  auto host_passwd = view.Read("etc/link");
  ASSERT_TRUE(host_passwd);
  EXPECT_FALSE(host_passwd->has_value());  // the image has no etc/passwd; the host's is never read
  // Hard links resolve inside their own layer only; a target the layer lacks is an error, not a silent nothing.
  auto hardlink_abs = view.Read("etc/hardlink-abs");
  ASSERT_FALSE(hardlink_abs);
  EXPECT_EQ(hardlink_abs.error().message,
            "hard link to etc/passwd, whose bytes are not in the layer's walk (target not kept or missing)");
  auto hardlink_missing = view.Read("etc/hardlink-missing");
  ASSERT_FALSE(hardlink_missing);
  EXPECT_NE(hardlink_missing.error().message.find("hard link to etc/shadow"), std::string::npos);
}

TEST(LayerWalkTest, GarbageIsAnErrorNotACrash) {
  const std::string inputs[] = {
      std::string("\x1f\x8b\x08\x00garbage-after-gzip-magic", 26),  // corrupt gzip
      std::string("\x28\xb5\x2f\xfd\x00\x00", 6),                  // truncated zstd
      std::string(700, 'x'),                                         // not a tar
  };
  for (const std::string& input : inputs) {
    MemoryReader reader(input);
    LayerFiles files;
    auto result = WalkLayer(reader, [](std::string_view) { return true; }, files);
    EXPECT_FALSE(result) << "accepted " << input.size() << " bytes of garbage";
  }
}

// Garbage inflated ahead on another thread is the same clear error, and the thread is gone when WalkLayer returns.
TEST(LayerWalkTest, GarbageInflatedAheadIsAnError) {
  std::string input("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  input += std::string(1 << 20, '\x55');  // a valid gzip header, then a corrupt deflate stream
  MemoryReader reader(input);
  LayerFiles files;
  WalkThreads two(2);
  auto result = WalkLayer(reader, [](std::string_view) { return true; }, files, nullptr, &two);
  ASSERT_FALSE(result);
}

// Layer 3 of images/debian12-app.oci.tar (its digest and diff_id are in images/debian12-app.txt), as stored (gzip).
constexpr char kDigest[] = "65dceac14d810c7de5a659fa14750f751d2421f9c1731212191012c6893213ec";
constexpr char kDiffId[] = "23ec6f4abe3d13c5a0f3c85391e32023d1bd21fdf7d2b5dfb0421f9cf714ea37";

std::string AppLayer3() {
  auto tar = OpenTarFile(std::string(DRYDOCK_TESTDATA) + "/images/debian12-app.oci.tar");
  if (!tar) return "";
  for (;;) {
    auto entry = NextEntry(tar->get());
    if (!entry || *entry == nullptr) return "";
    if (std::string_view(archive_entry_pathname(*entry)) != std::string("blobs/sha256/") + kDigest) continue;
    std::string blob(archive_entry_size(*entry), '\0');
    ArchiveEntryReader data(tar->get());
    for (std::size_t done = 0; done < blob.size();) {
      auto n = data.Read(blob.data() + done, blob.size() - done);
      if (!n || *n == 0) return "";
      done += *n;
    }
    return blob;
  }
}

// The diff_id is the same whether the blob is inflated on the walking thread or ahead of it, and for the
// uncompressed tar it is the digest the blob's own HashingReader computed, each byte hashed once.
TEST(LayerWalkTest, DiffIdInflatedAheadOrHashedOnce) {
  const std::string blob = AppLayer3();
  ASSERT_FALSE(blob.empty()) << "layer 3 not found";
  auto all = [](std::string_view) { return true; };
  LayerFiles inline_files, ahead_files, plain_files;
  MemoryReader inline_raw(blob), ahead_raw(blob);
  HashingReader ahead_hashing(ahead_raw);
  auto inline_diff = WalkLayer(inline_raw, all, inline_files);
  WalkThreads two(2);
  auto ahead_diff = WalkLayer(ahead_hashing, all, ahead_files, nullptr, &two);
  EXPECT_EQ(two.peak(), 2u);
  ASSERT_TRUE(inline_diff && ahead_diff);
  EXPECT_EQ(*inline_diff, kDiffId);
  EXPECT_EQ(*ahead_diff, kDiffId);
  ASSERT_TRUE(ahead_hashing.Drain());
  EXPECT_EQ(ahead_hashing.FinishHex(), kDigest);
  EXPECT_EQ(ahead_files.uncompressed_bytes, 19698176u);
  ASSERT_EQ(ahead_files.files.size(), inline_files.files.size());
  EXPECT_GT(ahead_files.files.size(), 100u);
  for (const auto& [path, file] : inline_files.files) {
    ASSERT_TRUE(ahead_files.files.contains(path)) << path;
    EXPECT_TRUE(ahead_files.files.at(path).data == file.data) << path;
  }

  std::string uncompressed;
  {
    MemoryReader raw(blob);
    auto inflated = OpenDecompressed(raw);
    std::string buffer(1 << 16, '\0');
    for (;;) {
      auto n = inflated->Read(buffer.data(), buffer.size());
      ASSERT_TRUE(n);
      if (*n == 0) break;
      uncompressed.append(buffer.data(), *n);
    }
  }
  MemoryReader plain_raw(uncompressed);
  HashingReader plain_hashing(plain_raw);
  WalkThreads spare(2);
  auto plain_diff = WalkLayer(plain_hashing, all, plain_files, nullptr, &spare);
  ASSERT_TRUE(plain_diff);
  EXPECT_EQ(spare.peak(), 1u);  // nothing to inflate: no helper thread
  EXPECT_EQ(*plain_diff, kDiffId);
  EXPECT_EQ(plain_hashing.FinishHex(), kDiffId);  // the one hash of these bytes, taken by the walk
  EXPECT_EQ(plain_files.files.size(), inline_files.files.size());
}

// Hands back `held` (another walker's slot) after `reads` reads, as a walker that ran out of layers does, and
// notes which threads read it (one at a time: the walking thread, then the helper that took over).
class FreeSlotAfter final : public ByteReader {
 public:
  FreeSlotAfter(ByteReader& inner, std::optional<WalkThreads::Slot>& held, int reads)
      : inner_(inner), held_(held), reads_(reads) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    if (--reads_ == 0) held_.reset();
    readers_.insert(std::this_thread::get_id());
    return inner_.Read(buffer, capacity);
  }
  std::size_t readers() const { return readers_.size(); }

 private:
  std::set<std::thread::id> readers_;
  ByteReader& inner_;
  std::optional<WalkThreads::Slot>& held_;
  int reads_;
};

// With no slot free at first, the layer is inflated on the walking thread; once one is handed back, a helper
// takes over in the middle of the stream, and nothing is lost or read twice: same diff_id, digest and files.
TEST(LayerWalkTest, InflateAheadStartsMidStream) {
  const std::string blob = AppLayer3();
  ASSERT_FALSE(blob.empty()) << "layer 3 not found";
  auto all = [](std::string_view) { return true; };
  LayerFiles inline_files, files;
  MemoryReader inline_raw(blob);
  ASSERT_TRUE(WalkLayer(inline_raw, all, inline_files));

  WalkThreads two(2);
  std::optional<WalkThreads::Slot> other_walker = two.TryTake();
  ASSERT_TRUE(other_walker);
  EXPECT_FALSE(two.TryTake());  // the caller's thread and the other walker: full
  MemoryReader raw(blob);
  FreeSlotAfter freeing(raw, other_walker, 8);  // 8 x 256 KiB of the 9.6 MB blob on the walking thread
  HashingReader hashing(freeing);
  auto diff = WalkLayer(hashing, all, files, nullptr, &two);
  ASSERT_TRUE(diff) << diff.error().message;
  EXPECT_EQ(*diff, kDiffId);
  ASSERT_TRUE(hashing.Drain());
  EXPECT_EQ(hashing.FinishHex(), kDigest);
  EXPECT_EQ(files.uncompressed_bytes, 19698176u);
  EXPECT_EQ(freeing.readers(), 2u);  // the walking thread, then the helper
  EXPECT_TRUE(two.TryTake());  // the helper's slot was handed back when the walk ended
  ASSERT_EQ(files.files.size(), inline_files.files.size());
  for (const auto& [path, file] : inline_files.files) {
    ASSERT_TRUE(files.files.contains(path)) << path;
    EXPECT_TRUE(files.files.at(path).data == file.data) << path;
  }
}

TEST(LayerWalkTest, EmptyStreamIsAnEmptyLayer) {
  MemoryReader reader("");
  LayerFiles files;
  auto result = WalkLayer(reader, [](std::string_view) { return true; }, files);
  // A zero-byte layer is an empty layer; its diff_id is the sha256 of nothing.
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(files.files.empty());
}

}  // namespace
}  // namespace drydock
