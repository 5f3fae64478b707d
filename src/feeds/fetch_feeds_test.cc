// db build --fetch against copies of the feeds' published layouts (tests/tools/make_feed_mirror.py, from
// ../shared/testdata) served by a real loopback HTTP server with ETag/Last-Modified/Range
// (tests/tools/update_server.py).
#include "feeds/fetch_feeds.h"

#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "feeds/source.h"
#include "update/test_server.h"
#include "vulndb/db_generated.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every advisory and affected entry of a DB, one sorted line each, plus the feeds' names and counts: what a
// scan can see, without build times and source paths.
std::vector<std::string> Dump(const std::string& path) {
  std::string bytes = Slurp(path);
  const auto* db = fb::GetDb(bytes.data());
  auto str = [](const flatbuffers::String* s) { return s ? s->str() : std::string(); };
  auto strs = [&](const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v) {
    std::string out;
    if (v) for (const auto* s : *v) out += str(s) + ",";
    return out;
  };
  std::vector<std::string> lines;
  for (const fb::Feed* f : *db->feeds()) {
    lines.push_back(fmt::format("feed {} {} {} {}", str(f->name()), f->advisories(), f->skipped(), str(f->updated())));
  }
  for (const fb::Advisory* a : *db->advisories()) {
    lines.push_back(fmt::format("advisory {} [{}] {} {} {} {} {}", str(a->id()), strs(a->aliases()), str(a->summary()),
                                str(a->severity()), str(a->severity_source()), str(a->cvss()), str(a->data_source())));
  }
  for (const fb::Affected* e : *db->affected()) {
    std::string ranges;
    for (const fb::Range* r : *e->ranges()) {
      ranges += fmt::format("{}|{}|{}|{}|{};", str(r->introduced()), str(r->fixed()), str(r->last_affected()),
                            str(r->type()), strs(r->limits()));
    }
    const fb::Advisory* a = db->advisories()->Get(e->advisory());
    lines.push_back(fmt::format("affected {} {} {} {} {} {} {}", str(e->ecosystem()), str(e->package()), str(a->id()),
                                str(a->data_source()), ranges, strs(e->versions()), str(e->status())));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

class FetchFeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    layout_ = new fs::path(fs::temp_directory_path() / fmt::format("drydock-feeds-{}", ::getpid()));
    fs::remove_all(*layout_);
    const std::string command = fmt::format("python3 {}/tests/tools/make_feed_mirror.py {} {}", DRYDOCK_SOURCE_DIR,
                                            DRYDOCK_TESTDATA, layout_->string());
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*layout_);
    delete layout_;
  }
  void SetUp() override {
    root_ = *layout_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(root_);
  }

  FetchOptions Options(const TestServer& server, std::vector<std::string> sources) const {
    FetchOptions options{.cache_dir = (root_ / "cache").string(), .sources = std::move(sources),
                         .max_attempts = 3, .first_backoff = std::chrono::milliseconds(10)};
    options.urls = {{"osv", server.Url("osv")}, {"debian", server.Url("debian/tracker/data/json")},
                    {"alpine", server.Url("alpine")}, {"redhat", server.Url("redhat")}};
    return options;
  }
  std::string Log() const { return Slurp(root_ / "requests.log"); }

  static fs::path* layout_;
  fs::path root_;
};
fs::path* FetchFeedsTest::layout_ = nullptr;

const std::vector<std::string> kAll = {"osv:Go", "osv:crates.io", "osv:AlmaLinux", "debian", "alpine", "redhat"};

TEST_F(FetchFeedsTest, FetchBuildsTheSameDbAsLocalFilesAndRefetchTransfersNothing) {
  TestServer server(*layout_, root_ / "requests.log");
  auto fetched = FetchFeeds(Options(server, kAll));
  ASSERT_TRUE(fetched) << fetched.error().message;
  for (const MissingSource& m : fetched->missing) ADD_FAILURE() << m.source << ": " << m.reason;
  ASSERT_EQ(fetched->sources.size(), 4u);
  EXPECT_EQ(fetched->sources[0].name, "osv");
  EXPECT_EQ(fetched->sources[0].parts, 3u);
  EXPECT_EQ(fetched->sources[2].parts, 6u);  // alpine: v3.11, v3.12, edge x main, community
  EXPECT_EQ(fetched->sources[3].updated, "2023-12-13T08:30:00Z");  // the newest change after the archive
  ASSERT_TRUE(BuildDb(fetched->feeds, (root_ / "fetched.db").string(), fetched->missing));

  // The same data from the files themselves, read the way `db build --osv/--debian/--secdb/--csaf-vex` reads it.
  const std::string data = DRYDOCK_TESTDATA;
  const std::string alpine = data + "/aquasecurity+vuln-list-update/alpine/testdata/";
  std::vector<Result<FeedData>> reads;
  reads.push_back(ReadOsvFeed(data + "/AlmaLinux+osv-database/advisories/almalinux9"));
  reads.push_back(ReadOsvFeed(data + "/golang+vulndb/data/osv"));
  reads.push_back(ReadOsvFeed(data + "/rustsec+advisory-db/crates"));
  reads.push_back(ReadDebianTrackerFeed(data + "/anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json"));
  for (const char* file : {"311-community", "311-main", "312-community", "312-main", "edge-community", "edge-main"}) {
    reads.push_back(ReadSecdbFeed(alpine + file + ".json"));
  }
  reads.push_back(ReadCsafVexFeed((*layout_ / "expected-redhat").string()));
  std::vector<FeedData> local;
  for (auto& read : reads) {
    ASSERT_TRUE(read) << read.error().message;
    local.push_back(std::move(*read));
  }
  local.back().info.updated = "2023-12-13T08:30:00Z";  // a directory states no date; the fetch knows changes.csv's
  ASSERT_TRUE(BuildDb(local, (root_ / "local.db").string()));
  const auto fetched_dump = Dump((root_ / "fetched.db").string()), local_dump = Dump((root_ / "local.db").string());
  EXPECT_GT(fetched_dump.size(), 10000u);
  EXPECT_TRUE(fetched_dump == local_dump) << fetched_dump.size() << " vs " << local_dump.size() << " lines";
  // The Red Hat deletion and the two documents changed after the archive were applied.
  auto has = [&](std::string_view needle) {
    return std::any_of(fetched_dump.begin(), fetched_dump.end(), [&](const std::string& l) { return l.find(needle) != l.npos; });
  };
  EXPECT_TRUE(has("advisory CVE-2023-38545 "));
  EXPECT_FALSE(has("advisory CVE-2023-0051 "));

  // Nothing changed upstream: every request is answered 304 and no document is asked for again.
  fs::remove(root_ / "requests.log");
  auto again = FetchFeeds(Options(server, kAll));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->missing.empty());
  for (const SourceReport& s : again->sources) {
    EXPECT_EQ(s.downloaded, 0u) << s.name;
    EXPECT_EQ(s.bytes, 0u) << s.name;
  }
  const std::string log = Log();
  EXPECT_EQ(log.find(" 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /osv/Go/all.zip 304"), std::string::npos) << log;
  EXPECT_EQ(log.find("cve-2023-38545"), std::string::npos) << "a changed document was fetched again:\n" << log;
  ASSERT_TRUE(BuildDb(again->feeds, (root_ / "again.db").string()));
  EXPECT_TRUE(Dump((root_ / "again.db").string()) == fetched_dump);
}

TEST_F(FetchFeedsTest, FailingSourceIsListedAsMissingWithWhatItCovers) {
  TestServer server(*layout_, root_ / "requests.log", {"--fail", "/osv/crates.io/"});
  auto fetched = FetchFeeds(Options(server, {"osv:Go", "osv:crates.io"}));
  ASSERT_TRUE(fetched) << fetched.error().message;
  ASSERT_EQ(fetched->missing.size(), 1u);
  const MissingSource& missing = fetched->missing[0];
  EXPECT_EQ(missing.source, "osv/crates.io");
  EXPECT_NE(missing.reason.find("HTTP 503 (gave up after 3 attempts)"), std::string::npos) << missing.reason;
  const std::string log = Log();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4) << log;  // Go once, crates.io three times
  ASSERT_TRUE(BuildDb(fetched->feeds, (root_ / "partial.db").string(), fetched->missing));
  auto db = VulnDb::Open((root_ / "partial.db").string());
  ASSERT_TRUE(db) << db.error().message;
  const DbInfo info = (*db)->Info();
  ASSERT_EQ(info.missing.size(), 1u);
  EXPECT_EQ(info.missing[0].source, "osv/crates.io");
  EXPECT_TRUE(MissingCovers(info.missing[0], "crates.io"));
  EXPECT_FALSE(MissingCovers(info.missing[0], "Go"));
  EXPECT_TRUE((*db)->CoversEcosystem("Go"));
}

TEST_F(FetchFeedsTest, OversizedDownloadIsRefusedAndTheCachedCopyKept) {
  TestServer server(*layout_, root_ / "requests.log");
  auto first = FetchFeeds(Options(server, {"debian"}));
  ASSERT_TRUE(first && first->missing.empty());
  const fs::path cached = root_ / "cache/debian/tracker.json";
  const std::string before = Slurp(cached);
  fs::remove(root_ / "cache/state.json");  // forget the validators: the next GET is a full one
  FetchOptions options = Options(server, {"debian"});
  options.max_bytes["debian"] = 1000;
  auto second = FetchFeeds(options);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->missing.size(), 1u);
  EXPECT_NE(second->missing[0].reason.find("over the 1000 byte bound"), std::string::npos) << second->missing[0].reason;
  EXPECT_EQ(Slurp(cached), before);
  EXPECT_FALSE(fs::exists(cached.string() + ".part"));
}

TEST_F(FetchFeedsTest, TruncatedDownloadIsRetriedThenRefusedLeavingNoPartialFile) {
  TestServer server(*layout_, root_ / "requests.log", {"--truncate", "/debian/"});
  auto fetched = FetchFeeds(Options(server, {"debian"}));
  ASSERT_TRUE(fetched);
  ASSERT_EQ(fetched->missing.size(), 1u);
  EXPECT_NE(fetched->missing[0].reason.find("gave up after 3 attempts"), std::string::npos) << fetched->missing[0].reason;
  EXPECT_FALSE(fs::exists(root_ / "cache/debian/tracker.json"));
  EXPECT_FALSE(fs::exists(root_ / "cache/debian/tracker.json.part"));
  EXPECT_TRUE(fetched->feeds.empty());
}

TEST_F(FetchFeedsTest, DroppedConnectionIsResumedWithRange) {
  TestServer server(*layout_, root_ / "requests.log", {"--drop-after", "100000", "--drop-match", "all.zip"});
  auto fetched = FetchFeeds(Options(server, {"osv:Go"}));
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_TRUE(fetched->missing.empty());
  const std::string log = Log();
  EXPECT_NE(log.find("GET /osv/Go/all.zip 206 range=bytes=100000-"), std::string::npos) << log;
  ASSERT_EQ(fetched->feeds.size(), 1u);
  EXPECT_EQ(fetched->feeds[0].info.skipped, 0u);
  EXPECT_GT(fetched->feeds[0].info.advisories, 4000u);
}

TEST_F(FetchFeedsTest, LocalCopyOfTheLayoutIsReadInPlace) {
  FetchOptions options{.cache_dir = (root_ / "cache").string(), .sources = {"alpine", "osv:Go"}};
  options.urls = {{"alpine", (*layout_ / "alpine").string()}, {"osv", "file://" + (*layout_ / "osv").string()}};
  auto fetched = FetchFeeds(options);
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_TRUE(fetched->missing.empty());
  EXPECT_EQ(fetched->feeds.size(), 7u);
  EXPECT_FALSE(fs::exists(root_ / "cache/osv/Go/all.zip"));  // nothing copied
}

TEST(FetchFeedsOptions, UnknownNamesAreErrors) {
  FetchOptions options{.cache_dir = "/tmp", .sources = {"nvd"}};
  EXPECT_FALSE(FetchFeeds(options));
  options.sources = {"osv"};
  options.urls = {{"osvv", "http://x"}};
  EXPECT_FALSE(FetchFeeds(options));
}

TEST(ListingLinks, ReadsAutoindexPages) {
  auto links = ListingLinks(Slurp(std::string(DRYDOCK_TESTDATA) + "/aquasecurity+vuln-list-update/alpine/testdata/index.html"));
  EXPECT_EQ(links, (std::vector<std::string>{"../", "edge/", "v3.11/", "v3.12/"}));
  EXPECT_TRUE(ListingLinks("<a href=\"unterminated").empty());
}

TEST(JoinLocation, EncodesSpacesForHttpOnly) {
  EXPECT_EQ(JoinLocation("https://h/osv", "Rocky Linux/all.zip"), "https://h/osv/Rocky%20Linux/all.zip");
  EXPECT_EQ(JoinLocation("/srv/osv/", "Rocky Linux/all.zip"), "/srv/osv/Rocky Linux/all.zip");
}

}  // namespace
}  // namespace drydock
