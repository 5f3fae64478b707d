// PackageDigests / ChangedPackages on DBs built from real feeds: the keys reported changed between two builds
// are exactly those whose Lookup answer differs (the oracle), for a withdrawn advisory and an edited range.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/sha256.h"
#include "vulndb/test_util.h"
#include "vulndb/vulndb.h"

namespace drydock {
namespace {

using testing::TestData;
using Key = std::pair<std::string, std::string>;

std::unique_ptr<VulnDb> Build(const std::vector<FeedData>& feeds, const std::string& path) {
  auto built = BuildDb(feeds, path);
  EXPECT_TRUE(built) << built.error().message;
  auto db = VulnDb::Open(path);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

// What a match of the key reads, minus what the digest leaves out on purpose (EPSS) and the alias group's
// number (an index that shifts when other groups come and go).
std::vector<Advisory> Answer(const VulnDb& db, const Key& key) {
  std::vector<Advisory> out = db.Lookup(key.first, key.second);
  for (Advisory& a : out) {
    a.group = 0;
    a.epss.reset();
    a.epss_percentile.reset();
  }
  return out;
}

std::set<Key> Oracle(const VulnDb& before, const VulnDb& after) {
  std::set<Key> keys, changed;
  for (const auto* db : {&before, &after}) {
    for (const PackageDigest& d : db->PackageDigests()) keys.emplace(d.ecosystem, d.package);
  }
  for (const Key& key : keys) {
    if (Answer(before, key) != Answer(after, key)) changed.insert(key);
  }
  return changed;
}

class PackageDigestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto feed : {ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.10/main.yaml")),
                      ReadOsvFeed(TestData("golang+vulndb/data/osv"))}) {
      ASSERT_TRUE(feed) << feed.error().message;
      // In full form, so the tests below can edit and drop advisories.
      if (!feed->compact.empty()) {
        feed->advisories = feed->compact.ToVector();
        feed->compact = {};
      }
      feeds_.push_back(std::move(*feed));
    }
    base_ = Build(feeds_, dir_.path() + "/base.db");
    ASSERT_NE(base_, nullptr);
  }

  testing::TempDir dir_;
  std::vector<FeedData> feeds_;
  std::unique_ptr<VulnDb> base_;
};

TEST_F(PackageDigestsTest, SortedUniqueAndStableAcrossRebuilds) {
  const std::vector<PackageDigest> digests = base_->PackageDigests();
  ASSERT_GT(digests.size(), 1000u);
  for (std::size_t i = 1; i < digests.size(); ++i) {
    ASSERT_LT(std::tie(digests[i - 1].ecosystem, digests[i - 1].package),
              std::tie(digests[i].ecosystem, digests[i].package));
  }
  auto again = Build(feeds_, dir_.path() + "/again.db");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->PackageDigests(), digests);
  EXPECT_TRUE(ChangedPackages(digests, again->PackageDigests()).empty());
}

TEST_F(PackageDigestsTest, AWithdrawnAdvisoryChangesExactlyItsKeys) {
  std::vector<FeedData> fewer = feeds_;
  // Withdraw three Go advisories and one Alpine one.
  auto& go = fewer[1].advisories;
  go.erase(go.begin() + 10, go.begin() + 13);
  fewer[0].advisories.erase(fewer[0].advisories.begin() + 5);
  auto after = Build(fewer, dir_.path() + "/fewer.db");
  ASSERT_NE(after, nullptr);
  auto changed = ChangedPackages(base_->PackageDigests(), after->PackageDigests());
  const std::set<Key> expected = Oracle(*base_, *after);
  EXPECT_GE(expected.size(), 4u);
  EXPECT_EQ(std::set<Key>(changed.begin(), changed.end()), expected);
}

TEST_F(PackageDigestsTest, AnEditedFixOrSeverityChangesItsKey) {
  std::vector<FeedData> edited = feeds_;
  Advisory& go = edited[1].advisories[42];
  ASSERT_FALSE(go.affected.empty());
  ASSERT_FALSE(go.affected[0].ranges.empty());
  go.affected[0].ranges[0].fixed = "99.0.0";
  edited[0].advisories[7].severity = edited[0].advisories[7].severity == "HIGH" ? "LOW" : "HIGH";
  auto after = Build(edited, dir_.path() + "/edited.db");
  ASSERT_NE(after, nullptr);
  auto changed = ChangedPackages(base_->PackageDigests(), after->PackageDigests());
  const std::set<Key> expected = Oracle(*base_, *after);
  EXPECT_TRUE(expected.contains({go.affected[0].ecosystem, go.affected[0].package}));
  EXPECT_EQ(std::set<Key>(changed.begin(), changed.end()), expected);
}

TEST_F(PackageDigestsTest, ContentDigestIsTheFileSha256) {
  std::ifstream in(dir_.path() + "/base.db", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Sha256 sha;
  sha.Update(bytes.str().data(), bytes.str().size());
  EXPECT_EQ(base_->ContentDigest(), "sha256:" + sha.FinishHex());
}

}  // namespace
}  // namespace drydock
