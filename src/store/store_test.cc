// The SQLite store on a real file: migrations, the job queue's lease/fence/dedupe/retry rules, images and the
// incident-response queries.
#include "store/store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "store/migrations.h"

namespace drydock {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("drydock-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto store = OpenStore("sqlite:" + (dir_ / "store.db").string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Url() const { return "sqlite:" + (dir_ / "store.db").string(); }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, MigrationsApplyOnceAndAReopenFindsThemDone) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "a"}, 1));
  store_.reset();
  auto again = OpenStore(Url());  // a second open (another process) migrates nothing and keeps the data
  ASSERT_TRUE(again) << again.error().message;
  auto job = (*again)->GetJob(1);
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->dedupe_key, "a");
  EXPECT_EQ(Migrations().back().version, 4);
}

TEST_F(StoreTest, RejectsUnknownStoreUrls) {
  for (const char* url : {"mysql://x", "sqlite:", "", "postgres"}) {
    auto store = OpenStore(url);
    ASSERT_FALSE(store) << url;
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidInput) << url;
  }
}

TEST_F(StoreTest, DedupeKeyAllowsOneLiveJob) {
  auto first = store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "img"}, 10);
  auto second = store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "img"}, 11);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(first->id, second->id);
  auto job = store_->Claim("w1", 20, 1000);
  ASSERT_TRUE(job && *job);
  ASSERT_TRUE(store_->Complete((*job)->id, (*job)->lease_token, "sha256:x", 30));
  // Once done, the same image may be queued again (a re-scan).
  auto third = store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "img"}, 40);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->created);
  EXPECT_NE(third->id, first->id);
}

TEST_F(StoreTest, ClaimTakesPriorityThenAgeAndNeverTwice) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "low", .dedupe_key = "1", .priority = 0}, 1));
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "api", .dedupe_key = "2", .priority = 100}, 2));
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "low2", .dedupe_key = "3", .priority = 0}, 3));
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) {
    auto job = store_->Claim("w", 10, 1000);
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->state, JobState::kRunning);
    EXPECT_EQ((*job)->attempts, 1);
    order.push_back((*job)->payload);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"api", "low", "low2"}));
  auto none = store_->Claim("w", 10, 1000);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_F(StoreTest, ConcurrentClaimersEachGetADistinctJob) {
  constexpr int kJobs = 60;
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = std::to_string(i)}, i));
  }
  // Four "processes": separate connections to the same file.
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(std::move(*OpenStore(Url())));
  std::mutex mutex;
  std::multiset<std::int64_t> claimed;
  std::vector<std::jthread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (;;) {
        auto job = stores[w]->Claim("w" + std::to_string(w), 100, 60'000);
        ASSERT_TRUE(job) << job.error().message;
        if (!*job) return;
        ASSERT_TRUE(*stores[w]->Complete((*job)->id, (*job)->lease_token, "ok", 101));
        std::lock_guard lock(mutex);
        claimed.insert((*job)->id);
      }
    });
  }
  workers.clear();
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), static_cast<std::size_t>(kJobs));
  auto counts = store_->CountJobs();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->done, kJobs);
}

TEST_F(StoreTest, AnExpiredLeaseIsReapedAndTheStaleWorkerIsFencedOut) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "k", .max_attempts = 3}, 0));
  auto stale = store_->Claim("dead-worker", 1000, 500);
  ASSERT_TRUE(stale && *stale);
  // Heartbeats keep it alive...
  EXPECT_TRUE(*store_->Heartbeat((*stale)->id, (*stale)->lease_token, 1400, 500));  // now until 1900
  EXPECT_EQ(*store_->ReapExpired(1800), 0);
  // ...until they stop: the reaper puts it back.
  EXPECT_EQ(*store_->ReapExpired(2000), 1);
  auto fresh = store_->Claim("live-worker", 2001, 500);
  ASSERT_TRUE(fresh && *fresh);
  EXPECT_EQ((*fresh)->id, (*stale)->id);
  EXPECT_EQ((*fresh)->attempts, 2);
  EXPECT_NE((*fresh)->lease_token, (*stale)->lease_token);
  // The stale worker wakes up: its heartbeat, completion and failure all bounce.
  EXPECT_FALSE(*store_->Heartbeat((*stale)->id, (*stale)->lease_token, 2002, 500));
  EXPECT_FALSE(*store_->Complete((*stale)->id, (*stale)->lease_token, "stale", 2003));
  EXPECT_FALSE(*store_->FailJob((*stale)->id, (*stale)->lease_token, "stale", 2003, 0));
  EXPECT_FALSE(*store_->ReleaseJob((*stale)->id, (*stale)->lease_token));
  EXPECT_TRUE(*store_->Complete((*fresh)->id, (*fresh)->lease_token, "sha256:good", 2004));
  auto job = store_->GetJob((*fresh)->id);
  EXPECT_EQ((*job)->result, "sha256:good");
  EXPECT_EQ((*job)->state, JobState::kDone);
}

TEST_F(StoreTest, FailuresRetryAfterTheirBackoffThenFailWithTheErrorKept) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "k", .max_attempts = 2}, 0));
  auto first = store_->Claim("w", 10, 1000);
  ASSERT_TRUE(*store_->FailJob((*first)->id, (*first)->lease_token, "registry down", 20, 5000));
  EXPECT_EQ((*store_->GetJob((*first)->id))->state, JobState::kQueued);
  EXPECT_FALSE(*store_->Claim("w", 4999, 1000));  // not before its retry time
  auto second = store_->Claim("w", 5000, 1000);
  ASSERT_TRUE(second && *second);
  ASSERT_TRUE(*store_->FailJob((*second)->id, (*second)->lease_token, "registry still down", 5100, 9000));
  auto job = store_->GetJob((*first)->id);
  EXPECT_EQ((*job)->state, JobState::kFailed);
  EXPECT_EQ((*job)->error, "registry still down");
  EXPECT_EQ((*job)->attempts, 2);
}

TEST_F(StoreTest, APermanentErrorFailsAtOnceAndAReleasedJobKeepsItsAttempts) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "bad", .max_attempts = 5}, 0));
  auto bad = store_->Claim("w", 10, 1000);
  ASSERT_TRUE(*store_->FailJob((*bad)->id, (*bad)->lease_token, "invalid tag", 20, std::nullopt));
  EXPECT_EQ((*store_->GetJob((*bad)->id))->state, JobState::kFailed);

  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "shutdown"}, 0));
  auto held = store_->Claim("w", 30, 1000);
  ASSERT_TRUE(held && *held);
  ASSERT_TRUE(*store_->ReleaseJob((*held)->id, (*held)->lease_token));
  auto back = store_->GetJob((*held)->id);
  EXPECT_EQ((*back)->state, JobState::kQueued);
  EXPECT_EQ((*back)->attempts, 0);
}

ScanReport SampleReport() {
  ScanReport report;
  report.artifact = {.name = "app", .type = "container_image", .digest = "sha256:aa", .os = {.family = "debian", .version = "12"}};
  report.artifact.layers = {{"sha256:l1", "sha256:d1", "RUN npm install lodash@4.17.20"}};
  report.packages = {
      {.id = "npm:lodash@4.17.20", .name = "lodash", .version = "4.17.20", .ecosystem = "npm",
       .purl = "pkg:npm/lodash@4.17.20", .layer_diff_id = "sha256:d1", .path = "app/package-lock.json"},
      {.id = "deb:zlib1g@1.2.13", .name = "zlib1g", .version = "1:1.2.13.dfsg-1", .ecosystem = "deb",
       .purl = "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", .layer_diff_id = "sha256:d0",
       .path = "var/lib/dpkg/status"}};
  report.vulnerabilities = {{.id = "GHSA-35jh-r3h4-6jhm", .aliases = {"CVE-2021-23337"}, .package_id = "npm:lodash@4.17.20",
                             .package_name = "lodash", .installed_version = "4.17.20", .fixed_version = "4.17.21",
                             .severity = "HIGH", .layer_diff_id = "sha256:d1", .path = "app/package-lock.json"}};
  return report;
}

TEST_F(StoreTest, ImagesAnswerTheIncidentQueriesByAliasAndPurl) {
  ScanReport report = SampleReport();
  ImageRecord record{.digest = "sha256:aa", .repository = "reg/app", .tag = "1.0", .platform = "linux/amd64",
                     .report = &report, .report_json = "{\"schema_version\":1}", .scanned_unix = 5};
  ASSERT_TRUE(store_->PutImage(record));
  record.tag = "latest";
  ASSERT_TRUE(store_->PutImage(record));  // same digest, second tag: still one image
  EXPECT_EQ(*store_->CountImages(), 1);

  auto affected = store_->Affected("CVE-2021-23337", "", 10);  // by alias
  ASSERT_TRUE(affected) << affected.error().message;
  ASSERT_EQ(affected->items.size(), 1u);
  const AffectedImage& hit = affected->items[0];
  EXPECT_EQ(hit.vulnerability, "GHSA-35jh-r3h4-6jhm");
  EXPECT_EQ(hit.tags, (std::vector<std::string>{"reg/app:1.0", "reg/app:latest"}));
  EXPECT_EQ(hit.created_by, "RUN npm install lodash@4.17.20");
  EXPECT_EQ(hit.fixed_version, "4.17.21");
  EXPECT_TRUE(store_->Affected("CVE-0000-0000", "", 10)->items.empty());

  auto all = store_->PackagesByPurl("pkg:npm/lodash", nullptr, "", 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->items.size(), 1u);
  EXPECT_EQ(all->items[0].version, "4.17.20");
  auto none = store_->PackagesByPurl("pkg:npm/lodash", [](const PackageHolder& p) { return p.version == "1"; }, "", 10);
  EXPECT_TRUE(none->items.empty());
  EXPECT_EQ(PurlBase("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12"), "pkg:deb/debian/zlib1g");
  EXPECT_EQ(PurlBase("pkg:npm/%40babel/core@7.0.0#sub"), "pkg:npm/%40babel/core");

  ASSERT_TRUE(*store_->DeleteImage("sha256:aa"));
  EXPECT_FALSE(*store_->DeleteImage("sha256:aa"));
  EXPECT_TRUE(store_->Affected("CVE-2021-23337", "", 10)->items.empty());  // findings went with the image
  EXPECT_FALSE(*store_->ImageReport("sha256:aa"));
}

TEST_F(StoreTest, ListingsPageWithCursors) {
  ScanReport report = SampleReport();
  for (int i = 0; i < 5; ++i) {
    std::string digest = "sha256:" + std::to_string(i);
    ASSERT_TRUE(store_->PutImage({.digest = digest, .repository = "reg/app", .tag = std::to_string(i),
                                  .report = &report, .report_json = "{}"}));
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = store_->ListImages(cursor, 2);
    ASSERT_TRUE(page);
    for (const ImageSummary& image : page->items) seen.push_back(image.digest);
    cursor = page->next_cursor;
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
  std::vector<std::string> affected;
  cursor.clear();
  do {
    auto page = store_->Affected("GHSA-35jh-r3h4-6jhm", cursor, 2);
    ASSERT_TRUE(page);
    for (const AffectedImage& a : page->items) affected.push_back(a.digest);
    cursor = page->next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(affected, seen);
  // A cursor that was never handed out starts from the beginning instead of failing or escaping.
  EXPECT_EQ(store_->ListImages("'; DROP TABLE images; --", 10)->items.size(), 5u);
}

TEST_F(StoreTest, TokensAreFoundByHashOnly) {
  ASSERT_TRUE(store_->AddToken("ci", "ab12", "read,scan"));
  EXPECT_EQ(**store_->TokenScopes("ab12"), "read,scan");
  EXPECT_FALSE(*store_->TokenScopes("AB12"));
  EXPECT_FALSE(store_->AddToken("again", "ab12", "admin"));  // a hash is one token
}

}  // namespace
}  // namespace drydock
