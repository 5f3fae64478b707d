#include "cache/layer_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "cache/layer_codec.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

LayerFiles Sample(std::size_t payload_bytes) {
  LayerFiles files;
  files.files["var/lib/dpkg/status"] = {CapturedFile::Kind::kRegular, std::string(payload_bytes, '\0') + "\xff\x01"};
  files.files["etc/os-release"] = {CapturedFile::Kind::kSymlink, "usr/lib/os-release"};
  files.whiteouts = {"usr/share/doc/x"};
  files.opaque_dirs = {"opt/app"};
  files.issues = {{"../escape", "path climbs out of the layer"}};
  files.entries = 42;
  files.uncompressed_bytes = 1234;
  return files;
}

class LayerCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / fmt::format("drydock-cache-{}-{}", ::getpid(),
        ::testing::UnitTest::GetInstance()->current_test_info()->name())).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(LayerCacheTest, RoundTripsEveryField) {
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache) << cache.error().message;
  EXPECT_FALSE((*cache)->Get("k"));
  LayerFiles files = Sample(100);
  ASSERT_TRUE((*cache)->Put("k", files));
  auto got = (*cache)->Get("k");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->files.size(), 2u);
  EXPECT_EQ(got->files["var/lib/dpkg/status"].data, files.files["var/lib/dpkg/status"].data);
  EXPECT_EQ(got->files["etc/os-release"].kind, CapturedFile::Kind::kSymlink);
  EXPECT_EQ(got->whiteouts, files.whiteouts);
  EXPECT_EQ(got->opaque_dirs, files.opaque_dirs);
  ASSERT_EQ(got->issues.size(), 1u);
  EXPECT_EQ(got->issues[0].message, "path climbs out of the layer");
  EXPECT_EQ(got->entries, 42u);
  EXPECT_EQ(got->uncompressed_bytes, 1234u);
  // A second process (here: a second connection) sees the entry; WAL lets both be open at once.
  auto other = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(other);
  EXPECT_TRUE((*other)->Get("k"));
}

TEST_F(LayerCacheTest, EvictsLeastRecentlyUsedPastTheBound) {
  const std::size_t entry = EncodeLayerFiles(Sample(10'000)).size();
  auto cache = LayerCache::Open(dir_, entry * 2 + entry / 2);  // room for two
  ASSERT_TRUE(cache);
  ASSERT_TRUE((*cache)->Put("a", Sample(10'000)));
  ASSERT_TRUE((*cache)->Put("b", Sample(10'000)));
  ASSERT_TRUE((*cache)->Get("a"));  // a is now more recent than b
  ASSERT_TRUE((*cache)->Put("c", Sample(10'000)));
  EXPECT_TRUE((*cache)->Get("a"));
  EXPECT_FALSE((*cache)->Get("b"));
  EXPECT_TRUE((*cache)->Get("c"));
  EXPECT_LE((*cache)->TotalBytes(), entry * 2 + entry / 2);
}

TEST_F(LayerCacheTest, DamagedEntryIsAMissAndDropped) {
  {
    auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
    ASSERT_TRUE(cache);
    ASSERT_TRUE((*cache)->Put("k", Sample(10)));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/layers.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE layers SET value = x'a3ff00'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache);
  EXPECT_FALSE((*cache)->Get("k"));
  EXPECT_EQ((*cache)->TotalBytes(), 0u);
}

TEST_F(LayerCacheTest, NotACacheFileIsAnError) {
  fs::create_directories(dir_);
  FILE* f = std::fopen((dir_ + "/layers.sqlite").c_str(), "w");
  std::fputs("this is not an SQLite database, just text that is long enough to have a header page", f);
  std::fclose(f);
  EXPECT_FALSE(LayerCache::Open(dir_, kDefaultCacheMaxBytes));
  ASSERT_TRUE(CleanLayerCache(dir_));
  EXPECT_TRUE(LayerCache::Open(dir_, kDefaultCacheMaxBytes));
}

TEST(LayerCodec, RejectsMalformed) {
  std::string good = EncodeLayerFiles(Sample(5));
  for (std::string bad : {std::string(), std::string("\xa1"), good.substr(0, good.size() / 2), std::string("\x80"),
                          std::string(100, '\x9f')}) {
    EXPECT_FALSE(DecodeLayerFiles(bad));
  }
}

TEST(LayerCacheKey, NamesDiffIdAndEveryCataloger) {
  std::string key = LayerCacheKey("sha256:abc");
  EXPECT_TRUE(key.starts_with("sha256:abc|distro@"));
  EXPECT_NE(key.find("|dpkg@"), std::string::npos) << key;
  EXPECT_NE(key.find("|apk@"), std::string::npos) << key;
  EXPECT_NE(key.find("|rpm@"), std::string::npos) << key;
}

}  // namespace
}  // namespace drydock
