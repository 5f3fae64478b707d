#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "common/file.h"
#include "source/blob_store.h"
#include "source/decompress.h"
#include "source/image.h"
#include "source/image_plan.h"

namespace drydock {
namespace {

const std::string kImages = std::string(DRYDOCK_TESTDATA) + "/images/";
const std::string kTrivy = std::string(DRYDOCK_TESTDATA) + "/aquasecurity+trivy/pkg/fanal/test/testdata/";
const std::string kDive = std::string(DRYDOCK_TESTDATA) + "/wagoodman+dive/.data/";
const std::string kGcr = std::string(DRYDOCK_TESTDATA) + "/google+go-containerregistry/pkg/v1/";

// The simplest real visitor: the diff_id is the sha256 of the decompressed blob.
LayerVisitor HashVisitor(std::set<std::string>* seen = nullptr) {
  auto mutex = std::make_shared<std::mutex>();
  return [seen, mutex](const ImageLayer& layer, ByteReader& blob) -> Result<std::string> {
    auto inflated = OpenDecompressed(blob);
    HashingReader hashing(*inflated);
    if (auto drained = hashing.Drain(); !drained) return std::unexpected(drained.error());
    if (seen != nullptr) {
      std::lock_guard lock(*mutex);
      seen->insert(layer.blob_path);
    }
    return hashing.FinishHex();
  };
}

// The threads this process runs now (one entry each in /proc/self/task).
std::size_t ThreadsNow() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// Passes bytes through, noting the most threads the process ran at any read (reads come from the walkers and,
// below the inflater, from its helpers). The caller's thread is left out while it only waits with its share lent
// (read after the count: a share lent in between can only make the count smaller). A count above `allowed` is
// taken again a few times over the next ~20 ms and the least kept: a walker hands its slot back as its work ends,
// a moment before its thread is gone, and a helper may start in that moment. A thread running outside the budget
// would still be there: a layer takes far longer to inflate.
class ThreadSampler final : public ByteReader {
 public:
  ThreadSampler(ByteReader& inner, std::atomic<std::size_t>& most, const WalkThreads& threads, std::size_t allowed)
      : inner_(inner), most_(most), threads_(threads), allowed_(allowed) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    std::size_t now = Running();
    for (int again = 0; again < 4 && now > allowed_; ++again) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      now = std::min(now, Running());
    }
    for (std::size_t seen = most_.load(); now > seen && !most_.compare_exchange_weak(seen, now);) {
    }
    return inner_.Read(buffer, capacity);
  }

 private:
  std::size_t Running() const {
    std::size_t now = ThreadsNow();
    if (threads_.caller_lent()) --now;
    return now;
  }

 private:
  ByteReader& inner_;
  std::atomic<std::size_t>& most_;
  const WalkThreads& threads_;
  const std::size_t allowed_;
};

// --threads bounds every thread a walk runs, the caller's included: layer walkers and inflate-ahead helpers
// alike, for blobs read one by one (OCI layout tar: four gzip layers) and for an archive compressed as a whole
// (docker .tar.gz), counted by the OS, not only by the budget's own books.
TEST(WalkImageTest, ThreadBudgetBoundsWalkersAndHelpers) {
  // ThreadSanitizer's runtime starts a background thread of its own at the process's first pthread_create: one
  // thread started and ended first puts that one in `before`, not in the walk's count.
  std::thread([] {}).join();
  const std::size_t before = ThreadsNow();
  for (const std::string& target : {"oci:" + kImages + "debian12-app.oci.tar", kImages + "debian12-app.docker.tar.gz"}) {
    for (std::size_t total : {1u, 2u, 3u}) {
      WalkThreads threads(total);
      std::atomic<std::size_t> most{before};
      LayerVisitor visit = [&](const ImageLayer&, ByteReader& blob) -> Result<std::string> {
        ThreadSampler sampled(blob, most, threads, before + total - 1);
        auto inflated = OpenDecompressed(sampled, &threads);
        HashingReader hashing(*inflated);
        if (auto drained = hashing.Drain(); !drained) return std::unexpected(drained.error());
        return hashing.FinishHex();
      };
      auto image = WalkImage(target, RegistryOptions{}, visit, threads, nullptr);
      ASSERT_TRUE(image) << target << ": " << image.error().message;
      EXPECT_LE(most.load() - before + 1, total) << target << " with " << total << " threads";
      EXPECT_LE(threads.peak(), total) << target;
      if (total > 1) {
        EXPECT_GT(threads.peak(), 1u) << target << ": the spare thread was used";
      }
    }
  }
}

// Notes which threads read a blob's compressed bytes: the walker's own, and an inflate-ahead helper's once one
// takes the stream over.
class ReaderThreads final : public ByteReader {
 public:
  ReaderThreads(ByteReader& inner, std::set<std::thread::id>& seen, std::mutex& mutex)
      : inner_(inner), seen_(seen), mutex_(mutex) {}
  Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
    {
      std::lock_guard lock(mutex_);
      seen_.insert(std::this_thread::get_id());
    }
    return inner_.Read(buffer, capacity);
  }

 private:
  ByteReader& inner_;
  std::set<std::thread::id>& seen_;
  std::mutex& mutex_;
};

// With two threads, the largest layer (d8a07299, 30 MB) is held back until the other three are walked, on
// whichever thread took them. That thread then ends (a spawned walker hands back its slot) or waits for the walk
// (the caller lends its share): either way a helper takes over inflating the large layer mid-stream, so its
// compressed bytes are read by two threads. Repeated, because which thread takes which layer is a race.
TEST(WalkImageTest, LastLayerGetsAHelperWhicheverWalkerEndsFirst) {
  for (int run = 0; run < 6; ++run) {
    WalkThreads threads(2);
    std::mutex mutex;
    std::set<std::thread::id> large_readers;
    std::atomic<int> others_done{0};
    LayerVisitor visit = [&](const ImageLayer& layer, ByteReader& blob) -> Result<std::string> {
      const bool large = layer.digest.starts_with("sha256:d8a07299");
      std::set<std::thread::id> ignored;
      ReaderThreads noted(blob, large ? large_readers : ignored, mutex);
      auto inflated = OpenDecompressed(noted, &threads);
      HashingReader hashing(*inflated);
      char chunk[1 << 16];
      if (auto first = hashing.Read(chunk, sizeof chunk); !first) return std::unexpected(first.error());
      // Bounded, so a walk that never hands the other layers to a second thread fails instead of hanging.
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (large && others_done.load() < 3 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      // Then slowly, so a busy machine's late thread end (or lending) still comes while bytes are left to inflate.
      auto readers = [&] {
        std::lock_guard lock(mutex);
        return large_readers.size();
      };
      while (large && readers() < 2 && std::chrono::steady_clock::now() < give_up) {
        auto n = hashing.Read(chunk, sizeof chunk);
        if (!n) return std::unexpected(n.error());
        if (*n == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (auto drained = hashing.Drain(); !drained) return std::unexpected(drained.error());
      if (!large) others_done.fetch_add(1);
      return hashing.FinishHex();
    };
    auto image = WalkImage("oci:" + kImages + "debian12-app.oci.tar", RegistryOptions{}, visit, threads, nullptr);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(large_readers.size(), 2u) << "run " << run << ": the large layer was inflated by one thread alone";
    EXPECT_LE(threads.peak(), 2u);
    EXPECT_FALSE(threads.caller_lent()) << "the caller has its share back once the walk is done";
  }
}

TEST(WalkImageTest, LegacyDockerArchiveCompressedAsAWhole) {
  auto image = WalkImage(kTrivy + "alpine-310.tar.gz", HashVisitor(), 2);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->name, "alpine:3.10");
  ASSERT_EQ(image->layers.size(), 1u);
  EXPECT_EQ(image->os, "linux");
  EXPECT_EQ(image->architecture, "amd64");
}

TEST(WalkImageTest, DebianDockerArchiveAndOciLayoutAgree) {
  // Digests and diff_ids below are those in images/debian12-app.txt (computed by the image builder).
  auto docker = WalkImage(kImages + "debian12-app.docker.tar.gz", HashVisitor(), 2);
  ASSERT_TRUE(docker) << docker.error().message;
  auto oci = WalkImage("oci:" + kImages + "debian12-app.oci.tar:latest", HashVisitor(), 2);
  ASSERT_TRUE(oci) << oci.error().message;
  ASSERT_EQ(oci->layers.size(), 4u);
  ASSERT_EQ(docker->layers.size(), 4u);
  EXPECT_EQ(oci->manifest_digest, "sha256:9033b85372e969a3a0186427d0df5701124e01fbfff8d58b95cf5eda3e77289f");
  EXPECT_EQ(oci->layers[0].digest, "sha256:d8a072990a8d7a4b5d8dd67ba30070793d527f525d34a5412d21bf03a701ad1d");
  EXPECT_EQ(oci->layers[3].diff_id, "sha256:91b004b6b2d96954dcbaa7a27d50d93849a0c32a0437c9567ff7962ca1be7d95");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(oci->layers[i].diff_id, docker->layers[i].diff_id);
  EXPECT_NE(oci->layers[3].created_by.find("rm -rf /app/web/node_modules/minimist"), std::string::npos);
  EXPECT_EQ(docker->name, "docker.io/drydock-test/debian12-app:latest");
}

TEST(WalkImageTest, EveryCompressionAndLayoutDiveWrites) {
  for (const char* name : {"test-oci-gzip-image.tar", "test-oci-zstd-image.tar", "test-oci-uncompressed-image.tar",
                           "test-oci-estargz-image.tar", "test-docker-image.tar", "test-kaniko-image.tar"}) {
    std::set<std::string> seen;
    auto image = WalkImage(kDive + name, HashVisitor(&seen), 2);
    ASSERT_TRUE(image) << name << ": " << image.error().message;
    EXPECT_GE(image->layers.size(), 1u) << name;
    EXPECT_FALSE(seen.empty()) << name;
  }
}

TEST(WalkImageTest, Docker25ArchiveWithOciLayoutInside) {
  auto image = WalkImage(kGcr + "tarball/testdata/hello-world-v25.tar", HashVisitor(), 2);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->layers.size(), 1u);
}

TEST(WalkImageTest, UnknownTagListsWhatExists) {
  auto image = WalkImage("oci:" + kImages + "debian12-app.oci.tar:nope", HashVisitor(), 2);
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("no manifest tagged \"nope\""), std::string::npos) << image.error().message;
  EXPECT_NE(image.error().message.find("latest"), std::string::npos);
}

// Inputs that must be refused with a message naming the problem.
TEST(WalkImageTest, RejectsBrokenImages) {
  const std::pair<std::string, std::string> cases[] = {
      {kImages + "hostile.oci.tar", "layer 2"},                         // truncated blob, wrong size
      {kImages + "hostile.docker.tar.gz", "layer 2"},                   // truncated layer, wrong diff_id
      {kGcr + "tarball/testdata/no_manifest.tar", "manifest.json"},     // neither manifest.json nor index.json
      {kGcr + "tarball/testdata/null_manifest.tar", "manifest.json"},
      {kGcr + "layout/testdata/test_gc_image_unknown_mediatype", "blob"},
      {"/nonexistent/image.tar", "no such file"},
  };
  for (const auto& [path, needle] : cases) {
    auto image = WalkImage(path, HashVisitor(), 2);
    ASSERT_FALSE(image) << path << " was accepted";
    EXPECT_NE(image.error().message.find(needle), std::string::npos) << path << ": " << image.error().message;
  }
}

TEST(WalkImageTest, TruncatedArchiveIsAnError) {
  std::string cut = testing::TempDir() + "/alpine-cut.tar.gz";
  std::filesystem::copy_file(kTrivy + "alpine-310.tar.gz", cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  auto image = WalkImage(cut, HashVisitor(), 2);
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("runcated"), std::string::npos) << image.error().message;
}

TEST(WalkImageTest, TamperedLayerBlobFailsItsDigest) {
  std::string dir = testing::TempDir() + "/tampered-oci";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_EQ(std::system(("tar -xf " + kDive + "test-oci-uncompressed-image.tar -C " + dir).c_str()), 0);
  // Flip one byte in the biggest blob (a layer) without changing its size.
  std::filesystem::path biggest;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/blobs/sha256")) {
    if (biggest.empty() || entry.file_size() > std::filesystem::file_size(biggest)) biggest = entry.path();
  }
  std::filesystem::permissions(biggest, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  std::fstream blob(biggest, std::ios::in | std::ios::out | std::ios::binary);
  blob.seekp(600);
  blob.put('\x7f');
  blob.close();
  auto image = WalkImage("oci:" + dir, HashVisitor(), 2);
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("does not match"), std::string::npos) << image.error().message;
}

// A remembered index stands in for the archive: WalkImage with a memo that has it reads no blob for a cached
// layer, and a layer that is not cached after all (evicted between the check and the read) is streamed on demand
// and verified as a full read would. The index keeps metadata only: hello-world's 10 KB layer is small enough
// to be held in memory while indexing, but it is not remembered.
TEST(WalkImageTest, RememberedArchiveIndexServesThePlanAndStreamsWhatIsAsked) {
  for (const std::string& archive : {kImages + "debian12-app.docker.tar.gz", kGcr + "tarball/testdata/hello-world-v25.tar"}) {
    std::map<std::string, std::string> remembered;
    bool all_cached = false;
    ArchiveIndexMemo memo{
        .load = [&](const std::string& key) -> std::optional<std::string> {
          auto it = remembered.find(key);
          return it == remembered.end() ? std::nullopt : std::optional<std::string>(it->second);
        },
        .store = [&](const std::string& key, const std::string& value) { remembered[key] = value; },
        .all_cached = [&](const std::vector<std::string>&) { return all_cached; }};
    auto first = WalkImage(archive, {}, HashVisitor(), 2, nullptr, &memo);
    ASSERT_TRUE(first) << archive << ": " << first.error().message;
    ASSERT_EQ(remembered.size(), 1u);
    auto index = DecodeArchiveIndex(remembered.begin()->second);
    ASSERT_TRUE(index) << index.error().message;
    EXPECT_EQ(index->compressed, archive.ends_with(".gz"));
    ASSERT_EQ(index->diff_ids.size(), first->layers.size());
    for (std::size_t i = 0; i < first->layers.size(); ++i) {
      EXPECT_EQ(index->diff_ids[i], first->layers[i].diff_id);
      EXPECT_FALSE(index->small.contains(first->layers[i].blob_path)) << archive << ": a layer was remembered";
    }

    all_cached = true;  // the layers' results are "cached": all but the last are skipped
    const ImageLayer& last = first->layers.back();
    std::set<std::string> streamed;
    LayerSkip skip = [&](const ImageLayer& layer) { return layer.diff_id != last.diff_id; };
    auto second = WalkImage(archive, {}, HashVisitor(&streamed), 2, skip, &memo);
    ASSERT_TRUE(second) << archive << ": " << second.error().message;  // the streamed layer was verified
    EXPECT_EQ(streamed, std::set<std::string>{last.blob_path});
    EXPECT_EQ(second->name, first->name);
    EXPECT_EQ(second->config_digest, first->config_digest);
    for (std::size_t i = 0; i < first->layers.size(); ++i) EXPECT_EQ(second->layers[i].diff_id, first->layers[i].diff_id);
  }
}

TEST(ArchiveIndexTest, DamageIsAnErrorNeverACrash) {
  ArchiveIndex index{.compressed = true, .members = {{"manifest.json", 10}}, .small = {{"manifest.json", "[]"}},
                     .links = {{"a", "b"}}, .diff_ids = {"sha256:ab"}};
  const std::string good = EncodeArchiveIndex(index);
  auto back = DecodeArchiveIndex(good);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->small, index.small);
  EXPECT_EQ(back->links, index.links);
  EXPECT_EQ(back->diff_ids, index.diff_ids);
  for (std::string bad : {std::string(), good.substr(0, good.size() / 2), good.substr(0, good.size() - 1),
                          std::string(32, '\xbf'), std::string("\xa1\x61v\x01")}) {
    EXPECT_FALSE(DecodeArchiveIndex(bad)) << bad.size();
  }
}

// Found by archive_index_fuzz (fuzz/seeds/archive_index_fuzz/deep-cbor-crash.bin): thousands of nested CBOR
// arrays overflowed the stack inside nlohmann's recursive CBOR reader.
TEST(ArchiveIndexTest, DeepNestingIsDamageNotAStackOverflow) {
  auto bytes = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/fuzz/seeds/archive_index_fuzz/deep-cbor-crash.bin",
                               1 << 20);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto index = DecodeArchiveIndex(*bytes);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().message, "damaged archive index: CBOR nested deeper than 128 levels");
}

// UBSan under image_manifest_fuzz: `"schemaVersion": 1e300` went through nlohmann's static_cast to int (undefined
// behaviour) on its way to "not supported". A string is refused as before.
TEST(ImageManifestTest, FloatWhereAnIntegerBelongsIsRejected) {
  auto store = OpenDirStore(std::filesystem::temp_directory_path().string());
  ASSERT_TRUE(store) << store.error().message;
  auto plan = PlanFromManifest(**store, R"({"schemaVersion":1e300})", "sha256:0");
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "manifest schemaVersion 1e+300 is not supported (only 2)");
  plan = PlanFromManifest(**store, R"({"schemaVersion":"2"})", "sha256:0");
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "manifest schemaVersion \"2\" is not supported (only 2)");
}

// UBSan under archive_index_fuzz: a CBOR float where an integer belongs ({"v": 8.98e307}) went through nlohmann's
// static_cast to int, undefined behaviour. Damage, like any other wrong type.
TEST(ArchiveIndexTest, FloatWhereAnIntegerBelongsIsDamage) {
  auto version = DecodeArchiveIndex(std::string("\xa1\x61v\xfb\x7f\xe0\0\0\0\0\0\0", 12));
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message.find("expected an integer, found 8.98846567431158e+307"), std::string::npos)
      << version.error().message;
  // A member size of 1e300, and one of 2.0 (a whole number: read as 2, as before).
  for (auto [size, ok] : {std::pair{1e300, false}, std::pair{2.0, true}}) {
    nlohmann::json j = {{"v", 1},
                        {"compressed", false},
                        {"members", {{"a", size}}},
                        {"small", nlohmann::json::object()},
                        {"links", nlohmann::json::object()},
                        {"diff_ids", nlohmann::json::array()}};
    const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(j);
    auto index = DecodeArchiveIndex(std::string(cbor.begin(), cbor.end()));
    ASSERT_EQ(index.has_value(), ok) << size;
    if (ok) {
      EXPECT_EQ(index->members.at("a"), 2);
    }
  }
}

}  // namespace
}  // namespace drydock
