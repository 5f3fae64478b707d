#include "cache/layer_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

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

// Several scans share one cache: a read never waits for another process's write. It once did (the read marked
// its hits used inside its own transaction), and six scans at once queued behind each other's decoding.
TEST_F(LayerCacheTest, ReadsDoNotWaitForAnotherProcesssWrite) {
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache);
  ASSERT_TRUE((*cache)->Put("a", Sample(10)));
  ASSERT_TRUE((*cache)->PutBytes("b", "bytes"));
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/layers.sqlite").c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; UPDATE layers SET used = 0", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE((*cache)->Get("a"));
  EXPECT_EQ((*cache)->GetBytes("b"), "bytes");
  auto many = (*cache)->GetMany({"a", "missing", "a"});
  EXPECT_TRUE(many[0] && !many[1] && many[2]);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::milliseconds(kCacheBusyTimeoutMilliseconds / 2)) << "a read waited for the writer";
  sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  // Released, the cache takes writes again (the reads left no transaction open behind them).
  EXPECT_TRUE((*cache)->Put("c", Sample(10)));
  EXPECT_TRUE((*cache)->Get("c"));
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

// Issue 18: one flipped bit in a stored value turned lodash 4.17.15 into 4.17.95 and its findings vanished for
// good. Each value is sealed to its key: a flipped bit, or a value moved under another key, is a miss that the
// next Put rewrites.
std::string RawValue(const std::string& db_path, const std::string& key) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT value FROM layers WHERE key = ?", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    value.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)), sqlite3_column_bytes(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

void WriteRawValue(const std::string& db_path, const std::string& key, const std::string& value) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO layers (key, value, bytes, used) VALUES (?, ?, ?, 0)", -1, &stmt,
                     nullptr);
  sqlite3_bind_text(stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(stmt, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 3, static_cast<sqlite3_int64>(value.size()));
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(LayerCacheTest, FlippedBitIsAMissThenRewritten) {
  const std::string db_path = dir_ + "/layers.sqlite";
  LayerFiles files;
  files.files["node_modules/lodash/package.json"] = {CapturedFile::Kind::kRegular,
                                                     R"({"name":"lodash","version":"4.17.15"})"};
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache);
  ASSERT_TRUE((*cache)->Put("k", files));
  std::string value = RawValue(db_path, "k");
  const std::size_t at = value.find("4.17.15");
  ASSERT_NE(at, std::string::npos);
  value[at + 5] = static_cast<char>(value[at + 5] ^ 0x08);  // '1' -> '9': the issue's exact flip
  ASSERT_NE(value.find("4.17.95"), std::string::npos);
  WriteRawValue(db_path, "k", value);
  EXPECT_FALSE((*cache)->Get("k"));  // a miss, not lodash 4.17.95
  EXPECT_TRUE(RawValue(db_path, "k").empty());  // dropped
  ASSERT_TRUE((*cache)->Put("k", files));
  auto back = (*cache)->Get("k");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->files.at("node_modules/lodash/package.json").data, R"({"name":"lodash","version":"4.17.15"})");
}

TEST_F(LayerCacheTest, ValueUnderAnotherKeyIsAMiss) {
  const std::string db_path = dir_ + "/layers.sqlite";
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache);
  ASSERT_TRUE((*cache)->Put("sha256:aaa|dpkg@1", Sample(10)));
  ASSERT_TRUE((*cache)->PutBytes("archive-index", "index bytes"));
  WriteRawValue(db_path, "sha256:bbb|dpkg@1", RawValue(db_path, "sha256:aaa|dpkg@1"));
  EXPECT_FALSE((*cache)->Get("sha256:bbb|dpkg@1"));
  EXPECT_TRUE((*cache)->Get("sha256:aaa|dpkg@1"));
  // The archive index memo is sealed the same way: a damaged one is a miss, never a broken reopen.
  std::string index = RawValue(db_path, "archive-index");
  index[0] = 'X';
  WriteRawValue(db_path, "archive-index", index);
  EXPECT_FALSE((*cache)->GetBytes("archive-index"));
  EXPECT_EQ((*cache)->GetBytes("missing"), std::nullopt);
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
                          std::string(100, '\x9f'), good.substr(0, good.size() - 1), good + "x",
                          "ffffffff" + good.substr(8), "0000zz00" + good.substr(8), "00000000" + good.substr(8)}) {
    EXPECT_FALSE(DecodeLayerFiles(bad)) << bad.size();
  }
  EXPECT_TRUE(DecodeLayerFiles(good));
}

// A CBOR float where an integer belongs (the version, a file's size) is damage: nlohmann's get<int>() of
// 8.98e307 is a static_cast out of range, undefined behaviour (UBSan under layer_codec_fuzz).
TEST(LayerCodec, FloatWhereAnIntegerBelongsIsDamage) {
  const std::string version("0000000c\xa1\x61v\xfb\x7f\xe0\0\0\0\0\0\0", 20);
  auto decoded = DecodeLayerFiles(version);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("expected an integer"), std::string::npos) << decoded.error().message;
  nlohmann::json j = {{"v", 3},         {"files", {{"a", 0, 1e300, false, nlohmann::json::array()}}},
                      {"whiteouts", {}}, {"opaque", {}}, {"issues", {}}, {"entries", 1}, {"bytes", 1}};
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(j);
  decoded = DecodeLayerFiles(fmt::format("{:08x}", cbor.size()) + std::string(cbor.begin(), cbor.end()));
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("expected an integer, found 1e+300"), std::string::npos)
      << decoded.error().message;
}

TEST(LayerCacheParts, NameDiffIdAndEachCatalogerVersion) {
  std::vector<std::string> keys;
  for (const LayerCachePart& part : LayerCacheParts("sha256:abc")) keys.push_back(part.key);
  ASSERT_GE(keys.size(), 5u);
  EXPECT_TRUE(keys[0].starts_with("sha256:abc|layer@")) << keys[0];
  EXPECT_TRUE(keys[1].starts_with("sha256:abc|distro@")) << keys[1];
  for (const char* cataloger : {"|dpkg@", "|apk@", "|rpm@"}) {
    EXPECT_EQ(std::count_if(keys.begin(), keys.end(), [&](const std::string& k) { return k.find(cataloger) != std::string::npos; }), 1)
        << cataloger;
  }
}

// A cataloger's version bump is a missing part: only that part is computed and written again, and until it is,
// the layer is not served from the cache (it must be read to capture the bumped cataloger's files).
TEST_F(LayerCacheTest, BumpedCatalogerRewritesOnlyItsOwnPart) {
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache) << cache.error().message;
  LayerFiles files = Sample(10);
  files.files["lib/apk/db/installed"] = {CapturedFile::Kind::kRegular, "P:musl\nV:1\n"};
  const std::size_t parts = LayerCacheParts("sha256:l1").size();
  auto first = StoreCachedLayer(**cache, "sha256:l1", files);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, parts);
  auto again = StoreCachedLayer(**cache, "sha256:l1", files);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
  auto whole = LoadCachedLayer(**cache, "sha256:l1");
  ASSERT_TRUE(whole);
  EXPECT_EQ(EncodeLayerFiles(*whole), EncodeLayerFiles(files));  // every field and file, byte for byte

  // What a bump of dpkg's Version() looks like to the cache: its part's key is not there.
  std::string dpkg_key;
  for (const LayerCachePart& part : LayerCacheParts("sha256:l1")) {
    if (part.key.find("|dpkg@") != std::string::npos) dpkg_key = part.key;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/layers.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, ("DELETE FROM layers WHERE key = '" + dpkg_key + "'").c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_FALSE(LoadCachedLayer(**cache, "sha256:l1"));
  auto refill = StoreCachedLayer(**cache, "sha256:l1", files);
  ASSERT_TRUE(refill);
  EXPECT_EQ(*refill, 1u);
  auto back = LoadCachedLayer(**cache, "sha256:l1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->files.at("var/lib/dpkg/status").data, files.files.at("var/lib/dpkg/status").data);
}

}  // namespace
}  // namespace drydock
