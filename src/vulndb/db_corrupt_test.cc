// Damaged DB files: Open says what is wrong, or (for damage the verifier cannot see) look-ups stay safe.
#include <gtest/gtest.h>

#include <flatbuffers/flatbuffers.h>

#include "common/file.h"
#include "vulndb/db_generated.h"
#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TempDir;

std::string GoodDbBytes(const TempDir& dir) {
  auto feed = ReadSecdbFeed(testing::TestData("alpinelinux+alpine-secdb/v3.10/main.yaml"));
  EXPECT_TRUE(feed.has_value());
  const std::string path = dir.path() + "/good.db";
  std::vector<FeedData> feeds{std::move(*feed)};
  EXPECT_TRUE(BuildDb(feeds, path).has_value());
  auto bytes = ReadFileBounded(path, 64 << 20);
  EXPECT_TRUE(bytes.has_value());
  return bytes.value_or("");
}

std::string OpenError(const std::string& path) {
  auto db = VulnDb::Open(path);
  return db ? "" : db.error().message;
}

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(DbCorruptTest, ClearMessages) {
  TempDir dir;
  const std::string good = GoodDbBytes(dir);
  ASSERT_GT(good.size(), 1000u);
  EXPECT_TRUE(Contains(OpenError(dir.path() + "/missing.db"), "no vulnerability DB here"));
  EXPECT_TRUE(Contains(OpenError(dir.Write("empty.db", "")), "too small"));
  EXPECT_TRUE(Contains(OpenError(dir.Write("tiny.db", "DRYD")), "too small"));
  EXPECT_TRUE(Contains(OpenError(dir.path()), "not a regular file"));
  EXPECT_TRUE(Contains(OpenError(dir.Write("text.db", "hello, this is a text file\n")), "not a drydock DB"));
  std::string other = good;
  other.replace(4, 4, "XXXX");
  EXPECT_TRUE(Contains(OpenError(dir.Write("other.db", other)), "not a drydock DB"));
  EXPECT_TRUE(Contains(OpenError(dir.Write("truncated.db", good.substr(0, good.size() / 2))), "corrupt"));
  std::string garbage(4096, '\xff');
  garbage.replace(4, 4, "DRYD");
  EXPECT_TRUE(Contains(OpenError(dir.Write("garbage.db", garbage)), "corrupt"));
}

TEST(DbCorruptTest, OtherSchemaVersionSaysRebuild) {
  TempDir dir;
  flatbuffers::FlatBufferBuilder builder;
  // A future schema: same identifier, version 2, and nothing else this reader knows.
  fb::FinishDbBuffer(builder, fb::CreateDb(builder, kDbSchemaVersion + 1));
  const std::string path = dir.Write(
      "v2.db", std::string_view(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize()));
  EXPECT_EQ(OpenError(path), path + ": DB schema 2, this drydock reads schema 1: rebuild with drydock db build");
}

TEST(DbCorruptTest, EveryTruncationIsRefused) {
  TempDir dir;
  const std::string good = GoodDbBytes(dir);
  for (std::size_t size = 0; size < good.size(); size += 1 + good.size() / 97) {
    EXPECT_FALSE(OpenError(dir.Write("cut.db", good.substr(0, size))).empty()) << size;
  }
}

// Flipped bytes: the verifier catches broken offsets; damage inside string bytes or the sort order it
// cannot see, so whatever opens must still answer look-ups without reading outside the file.
TEST(DbCorruptTest, FlippedBytesNeverCrash) {
  TempDir dir;
  const std::string good = GoodDbBytes(dir);
  std::size_t refused = 0, opened = 0;
  for (std::size_t i = 0; i < good.size(); i += 1 + good.size() / 1500) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto db = VulnDb::Open(dir.Write("flip.db", bad));
    if (!db) {
      ++refused;
      continue;
    }
    ++opened;
    (*db)->Info();
    for (const char* package : {"musl", "openssl", "zlib", "xen"}) (*db)->Lookup("Alpine:v3.10", package);
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(opened, 0u);
}

}  // namespace
}  // namespace drydock
