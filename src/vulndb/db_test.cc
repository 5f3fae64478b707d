// Real feeds -> BuildDb -> VulnDb::Open -> Lookup returns exactly what the feeds said.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "vulndb/feeds.h"
#include "vulndb/test_util.h"

namespace drydock {
namespace {

using testing::TestData;

class DbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    std::vector<FeedData> feeds;
    for (auto feed : {ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.10/main.yaml")),
                      ReadSecdbFeed(TestData("alpinelinux+alpine-secdb/v3.11/main.yaml")),
                      ReadSecdbFeed(TestData("anchore+vunnel/tests/unit/providers/wolfi/test-fixtures/input/secdb/"
                                             "security.json")),
                      ReadOsvFeed(TestData("google+osv.dev/gcp/workers/oss_fuzz_worker/testdata")),
                      ReadOsvFeed(TestData("golang+vulndb/data/osv")),
                      ReadOsvFeed(TestData("github+advisory-database/advisories/github-reviewed/2020/07/"
                                           "GHSA-p6mc-m468-83gw/GHSA-p6mc-m468-83gw.json"))}) {
      ASSERT_TRUE(feed.has_value()) << feed.error().message;
      feeds.push_back(std::move(*feed));
    }
    feeds.push_back(feeds[0]);  // the same feed twice must not store its advisories twice
    path_ = dir_->path() + "/drydock.db";
    auto built = BuildDb(feeds, path_);
    ASSERT_TRUE(built.has_value()) << built.error().message;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::unique_ptr<VulnDb> OpenDb() {
    auto db = VulnDb::Open(path_);
    EXPECT_TRUE(db.has_value()) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }

  static testing::TempDir* dir_;
  static std::string path_;
};
testing::TempDir* DbTest::dir_ = nullptr;
std::string DbTest::path_;

TEST_F(DbTest, InfoDescribesTheFeeds) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  const DbInfo info = db->Info();
  EXPECT_EQ(info.schema_version, kDbSchemaVersion);
  EXPECT_EQ(info.built_at.size(), 20u) << info.built_at;  // 2024-05-01T12:00:00Z
  EXPECT_EQ(info.built_at.back(), 'Z');
  ASSERT_EQ(info.feeds.size(), 7u);
  EXPECT_EQ(info.feeds[0].name, "alpine-secdb");
  EXPECT_EQ(info.feeds[0].source, TestData("alpinelinux+alpine-secdb/v3.10/main.yaml"));
  EXPECT_EQ(info.feeds[4].name, "osv");
  EXPECT_FALSE(info.feeds[4].updated.empty());
  std::size_t distinct = 0;
  for (std::size_t i = 0; i + 1 < info.feeds.size(); ++i) distinct += info.feeds[i].advisories;
  EXPECT_EQ(info.advisory_count, distinct);  // the repeated feed added nothing
  EXPECT_GT(info.affected_count, info.advisory_count);
}

TEST_F(DbTest, LookupReturnsExactlyTheFeedRanges) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  auto musl = db->Lookup("Alpine:v3.10", "musl");
  ASSERT_EQ(musl.size(), 2u);  // CVE-2016-8859 and CVE-2019-14697, sorted by id within the feed
  EXPECT_EQ(musl[0].id, "CVE-2016-8859");
  EXPECT_EQ(musl[0].affected, (std::vector<Affected>{{"Alpine:v3.10", "musl", {{"0", "1.1.15-r4", ""}}, {}, "fixed"}}));
  EXPECT_EQ(musl[1].id, "CVE-2019-14697");
  EXPECT_EQ(musl[1].data_source, "alpine-secdb v3.10/main");
  EXPECT_EQ(musl[1].affected, (std::vector<Affected>{{"Alpine:v3.10", "musl", {{"0", "1.1.22-r3", ""}}, {}, "fixed"}}));

  // Only the looked-up package's entry comes back, though the advisory names two.
  for (const Advisory& advisory : db->Lookup("Alpine:v3.10", "nodejs")) {
    for (const Affected& affected : advisory.affected) EXPECT_EQ(affected.package, "nodejs");
  }

  auto nginx = db->Lookup("Debian:7", "nginx");
  ASSERT_EQ(nginx.size(), 1u);
  EXPECT_EQ(nginx[0].id, "DSA-3029-1");
  EXPECT_EQ(nginx[0].aliases, std::vector<std::string>{"CVE-2014-3616"});
  EXPECT_EQ(nginx[0].affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.2.1-2.2+wheezy3", "", "ECOSYSTEM"}}));

  auto pick = db->Lookup("npm", "lodash.pick");
  ASSERT_EQ(pick.size(), 1u);
  EXPECT_EQ(pick[0].severity, "HIGH");
  EXPECT_EQ(pick[0].cvss, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H");
  EXPECT_EQ(pick[0].affected, (std::vector<Affected>{{"npm", "lodash.pick", {{"4.0.0", "", "4.4.0", "ECOSYSTEM"}}, {}, "affected"}}));

  auto gin = db->Lookup("Go", "github.com/gin-gonic/gin");
  ASSERT_FALSE(gin.empty());
  EXPECT_EQ(gin[0].id, "GO-2020-0001");
  EXPECT_EQ(gin[0].affected[0].ranges, (std::vector<AffectedRange>{{"0", "1.6.0", "", "SEMVER"}}));

  EXPECT_EQ(db->Lookup("Wolfi", "binutils").size(), 3u);
}

TEST_F(DbTest, LookupMissesAreEmpty) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->Lookup("Alpine:v3.10", "no-such-package").empty());
  EXPECT_TRUE(db->Lookup("Alpine:v3.9", "musl").empty());  // not built in
  EXPECT_TRUE(db->Lookup("alpine:v3.10", "musl").empty());  // keys are case-sensitive
  EXPECT_TRUE(db->Lookup("Alpine:v3.10", "mus").empty());
  EXPECT_TRUE(db->Lookup("", "").empty());
  EXPECT_TRUE(db->Lookup("~~~", "~~~").empty());  // past the end
  EXPECT_FALSE(db->Lookup("Alpine:v3.11", "musl").empty());
}

// Not an assertion (timing under sanitizers is noise); printed for the design note's budget.
TEST_F(DbTest, OpenAnd500LookupsTiming) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  const auto opened = Clock::now();
  const char* packages[] = {"musl", "openssl", "busybox", "zlib", "no-such-package"};
  std::size_t found = 0;
  for (int i = 0; i < 500; ++i) found += db->Lookup("Alpine:v3.10", packages[i % 5]).size();
  const auto done = Clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("DB %ju bytes: open %.2f ms + 500 lookups %.2f ms (%zu advisories returned)\n",
              static_cast<std::uintmax_t>(std::filesystem::file_size(path_)), ms(opened - start), ms(done - opened),
              found);
  EXPECT_GT(found, 0u);
}

}  // namespace
}  // namespace drydock

namespace drydock {
namespace {

TEST_F(DbTest, CoversExactlyTheEcosystemsItWasBuiltFrom) {
  auto db = OpenDb();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->CoversEcosystem("Alpine:v3.10"));
  EXPECT_TRUE(db->CoversEcosystem("Alpine:v3.11"));
  EXPECT_TRUE(db->CoversEcosystem("Wolfi"));
  EXPECT_TRUE(db->CoversEcosystem("Go"));
  EXPECT_FALSE(db->CoversEcosystem("Alpine:v3.1"));   // a prefix of a real key is not that key
  EXPECT_TRUE(db->CoversEcosystem("Alpine:v3.12"));   // osv.dev testdata CVE-2022-27449.json names it
  EXPECT_FALSE(db->CoversEcosystem("Alpine:v3.9"));
  EXPECT_FALSE(db->CoversEcosystem("Debian:12"));
  EXPECT_FALSE(db->CoversEcosystem(""));
}

}  // namespace
}  // namespace drydock
