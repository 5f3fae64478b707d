// The store on both engines, with the same assertions (store_test_fixture.h). Migrations, the job queue's
// lease/fence/dedupe/retry rules, images and the incident-response queries, and concurrent claims, enqueues and
// puts from several connections ("processes").
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "postgres_fixture.h"
#include "store/migrations.h"
#include "store/sql_store.h"
#include "store/sqlite_db.h"
#include "store/store_test_fixture.h"

namespace drydock {
namespace {

class StoreTest : public StoreEngineTest {};

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, StoreEngines(), StoreEngineName);

TEST_P(StoreTest, MigrationsApplyOnceAndAReopenFindsThemDone) {
  ASSERT_TRUE(store_->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "a"}, 1));
  store_.reset();
  auto again = OpenStore(Url());  // a second open (another process) migrates nothing and keeps the data
  ASSERT_TRUE(again) << again.error().message;
  auto job = (*again)->GetJob(1);
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->dedupe_key, "a");
  // Versions run 1..N without gaps: a merge that renumbered two branches' migrations kept them contiguous.
  for (std::size_t i = 0; i < Migrations().size(); ++i) EXPECT_EQ(Migrations()[i].version, static_cast<int>(i + 1));
}

TEST_P(StoreTest, RejectsUnknownStoreUrls) {
  for (const char* url : {"mysql://x", "sqlite:", "", "postgres"}) {
    auto store = OpenStore(url);
    ASSERT_FALSE(store) << url;
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidInput) << url;
  }
}

TEST_P(StoreTest, DedupeKeyAllowsOneLiveJob) {
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

TEST_P(StoreTest, ClaimTakesPriorityThenAgeAndNeverTwice) {
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

TEST_P(StoreTest, ConcurrentClaimersEachGetADistinctJob) {
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

TEST_P(StoreTest, AnExpiredLeaseIsReapedAndTheStaleWorkerIsFencedOut) {
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

TEST_P(StoreTest, FailuresRetryAfterTheirBackoffThenFailWithTheErrorKept) {
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

TEST_P(StoreTest, APermanentErrorFailsAtOnceAndAReleasedJobKeepsItsAttempts) {
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

TEST_P(StoreTest, ImagesAnswerTheIncidentQueriesByAliasAndPurl) {
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
  EXPECT_EQ(*PurlBase("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12"), "pkg:deb/debian/zlib1g");
  EXPECT_EQ(*PurlBase("pkg:npm/%40babel/core@7.0.0#sub"), "pkg:npm/%40babel/core");

  ASSERT_TRUE(*store_->DeleteImage("sha256:aa"));
  EXPECT_FALSE(*store_->DeleteImage("sha256:aa"));
  EXPECT_TRUE(store_->Affected("CVE-2021-23337", "", 10)->items.empty());  // findings went with the image
  EXPECT_FALSE(*store_->ImageReport("sha256:aa"));
}

// Admission and the incident queries trust what is stored under an image's digest: an SBOM (whoever sent it)
// must never take the place of the scan of the image itself. A scan may replace an SBOM, though.
TEST_P(StoreTest, AnSbomNeverReplacesAScannedImagesReport) {
  ScanReport scanned = SampleReport();
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:aa", .repository = "reg/app", .tag = "1.0", .report = &scanned,
                                .report_json = R"({"scan":1})"}));
  ScanReport sbom;
  sbom.artifact = {.name = "sbom", .type = "sbom"};
  auto refused = store_->PutImage({.digest = "sha256:aa", .repository = "sbom", .tag = "x", .report = &sbom,
                                   .report_json = R"({"sbom":1})"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("sha256:aa"), std::string::npos) << refused.error().message;
  EXPECT_EQ(**store_->ImageReport("sha256:aa"), R"({"scan":1})");
  EXPECT_EQ(store_->Affected("CVE-2021-23337", "", 10)->items.size(), 1u);  // the findings stayed
  EXPECT_EQ(store_->PackagesByPurl("pkg:npm/lodash", nullptr, "", 10)->items.size(), 1u);
  auto images = store_->ListImages("", 10);
  ASSERT_TRUE(images && images->items.size() == 1u);
  EXPECT_EQ(images->items[0].tags, std::vector<std::string>{"reg/app:1.0"});  // nor did it tag the image

  ASSERT_TRUE(store_->PutImage({.digest = "sha256:bb", .repository = "sbom", .report = &sbom, .report_json = "{}"}));
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:bb", .repository = "sbom", .report = &sbom,
                                .report_json = R"({"sbom":2})"}));  // an SBOM replaces an SBOM
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:bb", .repository = "reg/app", .report = &scanned,
                                .report_json = R"({"scan":2})"}));  // and a scan of the image replaces it
  EXPECT_EQ(**store_->ImageReport("sha256:bb"), R"({"scan":2})");
  EXPECT_FALSE(store_->PutImage({.digest = "sha256:bb", .repository = "sbom", .report = &sbom, .report_json = "{}"}));
}

// Packages are found by the purl's identity, not its spelling: a scope's '@' written plain or encoded, PyPI's
// case and separators, a Go module's old %2F form; and advisories by their id in any case.
TEST_P(StoreTest, QueriesFindPackagesAndAdvisoriesWhateverTheirSpelling) {
  ScanReport report = SampleReport();
  report.packages.push_back({.name = "PyYAML", .version = "6.0", .ecosystem = "PyPI", .purl = "pkg:pypi/PyYAML@6.0"});
  report.packages.push_back({.name = "@babel/core", .version = "7.0.0", .ecosystem = "npm",
                             .purl = "pkg:npm/@babel/core@7.0.0"});
  report.packages.push_back({.name = "github.com/x/y", .version = "v1.0.0", .ecosystem = "Go",
                             .purl = "pkg:golang/github.com%2Fx%2Fy@v1.0.0"});
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:aa", .repository = "reg/app", .report = &report, .report_json = "{}"}));
  for (const char* key : {"pkg:pypi/pyyaml", "pkg:npm/%40babel/core", "pkg:golang/github.com/x/y"}) {
    auto found = store_->PackagesByPurl(key, nullptr, "", 10);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->items.size(), 1u) << key;
  }
  for (const char* id : {"cve-2021-23337", "Cve-2021-23337", "ghsa-35jh-r3h4-6jhm", "GHSA-35JH-R3H4-6JHM"}) {
    auto affected = store_->Affected(id, "", 10);
    ASSERT_TRUE(affected) << affected.error().message;
    ASSERT_EQ(affected->items.size(), 1u) << id;
    EXPECT_EQ(affected->items[0].vulnerability, "GHSA-35jh-r3h4-6jhm");  // as the DB wrote it
  }
}

// The query key of a purl: one for every spelling of the same package, an error for what is not a purl.
TEST(PurlBaseTest, FoldsSpellingsOfOnePackageAndRefusesWhatIsNotAPurl) {
  const std::pair<const char*, const char*> same[] = {
      {"pkg:npm/@babel/core", "pkg:npm/%40babel/core"},
      {"pkg:npm/@babel/core@7.0.0", "pkg:npm/%40babel/core"},
      {"pkg:NPM/%40Babel/Core@7.0.0?x=1#lib", "pkg:npm/%40babel/core"},
      {"pkg:pypi/PyYAML@6.0", "pkg:pypi/pyyaml"},
      {"pkg:pypi/zope.interface", "pkg:pypi/zope-interface"},
      {"pkg:golang/github.com%2Fx%2Fy@v1.0.0", "pkg:golang/github.com/x/y"},
      {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0", "pkg:maven/org.apache.logging.log4j/log4j-core"},
      {"pkg:deb/Debian/zlib1g@1:1.2.13?arch=amd64", "pkg:deb/debian/zlib1g"},
  };
  for (const auto& [text, key] : same) {
    auto base = PurlBase(text);
    ASSERT_TRUE(base) << text << ": " << base.error().message;
    EXPECT_EQ(*base, key) << text;
  }
  for (const char* text : {"", "lodash", "pkg:", "pkg:npm", "pkg:npm/", "pkg:/core", "pkg:npm/core%zz", "pkg:npm/a?x"}) {
    auto base = PurlBase(text);
    ASSERT_FALSE(base) << text;
    EXPECT_EQ(base.error().code, ErrorCode::kInvalidInput) << text;
  }
  EXPECT_EQ(StoredPurlBase("not a purl@1.0"), "not a purl@1.0");  // stored anyway, never refused
}

// A store written by an earlier version (schema 8: no artifact_type, purl_base cut from the text, an exact-case
// index on advisory names) is migrated: its rows are found by the new keys and its scans are protected.
TEST_P(StoreTest, AStoreFromBeforeTheFoldedKeysIsMigrated) {
  ScanReport scanned = SampleReport();
  scanned.packages.push_back({.name = "PyYAML", .version = "6.0", .ecosystem = "PyPI", .purl = "pkg:pypi/PyYAML@6.0"});
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:aa", .repository = "reg/app", .report = &scanned,
                                .report_json = R"({"artifact":{"name":"reg/app","type":"container_image"}})"}));
  store_.reset();
  const std::string to_schema_8 =
      "UPDATE packages SET purl_base = 'pkg:pypi/PyYAML' WHERE name = 'PyYAML'; "
      "ALTER TABLE images DROP COLUMN artifact_type; DROP INDEX finding_names_folded; "
      "CREATE INDEX finding_names_name ON finding_names(name, finding_id); "
      "DELETE FROM schema_migrations WHERE version >= 9";
  if (IsPostgres()) {
    ASSERT_EQ(e2e::PostgresCluster::Shared().Execute(Database(), to_schema_8), "");
  } else {
    auto raw = SqliteDb::Open(SqlitePath().string());
    ASSERT_TRUE(raw) << raw.error().message;
    ASSERT_TRUE((*raw)->Exec(to_schema_8));
  }
  auto migrated = OpenStore(Url());
  ASSERT_TRUE(migrated) << migrated.error().message;
  auto found = (*migrated)->PackagesByPurl(*PurlBase("pkg:pypi/pyyaml"), nullptr, "", 10);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].purl, "pkg:pypi/PyYAML@6.0");
  EXPECT_EQ((*migrated)->PackagesByPurl("pkg:npm/lodash", nullptr, "", 10)->items.size(), 1u);
  EXPECT_EQ((*migrated)->Affected("cve-2021-23337", "", 10)->items.size(), 1u);
  ScanReport sbom;
  sbom.artifact = {.name = "sbom", .type = "sbom"};
  auto refused = (*migrated)->PutImage({.digest = "sha256:aa", .repository = "sbom", .report = &sbom, .report_json = "{}"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
}

TEST_P(StoreTest, APurlQueryReadsInChunksAndPagesThroughEveryMatch) {
  // Three images with 700 versions of one package each: more rows than one chunk (500), and a range that keeps
  // one version in 50, so most chunks hold few matches and pages fill across chunks.
  ScanReport report = SampleReport();
  report.packages.clear();
  report.vulnerabilities.clear();
  for (int i = 0; i < 700; ++i) {
    const std::string version = "1.0." + std::to_string(i);
    report.packages.push_back({.name = "lib", .version = version, .ecosystem = "npm", .purl = "pkg:npm/lib@" + version,
                               .layer_diff_id = "sha256:d1", .path = "node_modules/lib" + std::to_string(i)});
  }
  for (const char* digest : {"sha256:a", "sha256:b", "sha256:c"}) {
    ASSERT_TRUE(store_->PutImage({.digest = digest, .repository = "reg/lib", .report = &report, .report_json = "{}"}));
  }
  auto keep = [](const PackageHolder& p) { return std::stoi(p.version.substr(4)) % 50 == 7; };  // 14 per image
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = store_->PackagesByPurl("pkg:npm/lib", keep, cursor, 5);
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_LE(page->items.size(), 5u);
    for (const PackageHolder& p : page->items) {
      EXPECT_TRUE(keep(p)) << p.version;
      EXPECT_TRUE(seen.insert(p.digest + " " + p.version).second) << "twice: " << p.digest << " " << p.version;
    }
    cursor = page->next_cursor;
  } while (!cursor.empty() && ++pages < 100);
  EXPECT_EQ(seen.size(), 42u);
  EXPECT_EQ(pages, 8);  // 8 full pages with a cursor, then the last 2 without
  auto all = store_->PackagesByPurl("pkg:npm/lib", keep, "", 1000);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->items.size(), 42u);
  EXPECT_TRUE(all->next_cursor.empty());
}

TEST_P(StoreTest, AReportReadAgainIsTheCurrentOneWhicheverProcessWroteIt) {
  ScanReport report = SampleReport();
  ImageRecord record{.digest = "sha256:aa", .repository = "reg/app", .report = &report, .report_json = R"({"v":1})"};
  ASSERT_TRUE(store_->PutImage(record));
  EXPECT_EQ(**store_->ImageReport("sha256:aa"), R"({"v":1})");
  EXPECT_EQ(**store_->ImageReport("sha256:aa"), R"({"v":1})");  // on PostgreSQL, from memory this time
  auto other = OpenStore(Url());  // another server process on the same store
  ASSERT_TRUE(other) << other.error().message;
  record.report_json = R"({"v":2})";
  ASSERT_TRUE((*other)->PutImage(record));
  EXPECT_EQ(**store_->ImageReport("sha256:aa"), R"({"v":2})");
  ASSERT_TRUE(*(*other)->DeleteImage("sha256:aa"));
  EXPECT_FALSE(*store_->ImageReport("sha256:aa"));
}

TEST_P(StoreTest, ARevokedTokenIsGone) {
  ASSERT_TRUE(store_->AddToken("ci", "hash-1", "read"));
  EXPECT_EQ(*store_->TokenScopes("hash-1"), "read");
  EXPECT_TRUE(*store_->RevokeToken("hash-1"));
  EXPECT_FALSE(*store_->TokenScopes("hash-1"));
  EXPECT_FALSE(*store_->RevokeToken("hash-1"));
}

TEST_P(StoreTest, ALargeReportIsStoredWholeAcrossInsertBatches) {
  // More rows than one multi-row INSERT takes: every package, finding and alias arrives.
  ScanReport report = SampleReport();
  report.packages.clear();
  report.vulnerabilities.clear();
  for (int i = 0; i < 250; ++i) {
    const std::string version = "1.0." + std::to_string(i);
    report.packages.push_back({.name = "lib", .version = version, .ecosystem = "npm", .purl = "pkg:npm/lib@" + version,
                               .layer_diff_id = "sha256:d1", .path = "node_modules/lib" + std::to_string(i)});
    report.vulnerabilities.push_back({.id = "GHSA-" + std::to_string(i), .aliases = {"CVE-2024-" + std::to_string(i)},
                                      .package_name = "lib", .installed_version = version, .severity = "LOW",
                                      .layer_diff_id = "sha256:d1", .path = "node_modules/lib" + std::to_string(i)});
  }
  report.vulnerabilities.push_back(report.vulnerabilities[7]);  // the same finding twice (two matchers agreed)
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:big", .repository = "reg/big", .tag = "1", .report = &report,
                                .report_json = "{}"}));
  EXPECT_EQ(store_->PackagesByPurl("pkg:npm/lib", nullptr, "", 1000)->items.size(), 250u);
  for (int i : {0, 99, 100, 199, 200, 249}) {
    auto hits = store_->Affected("CVE-2024-" + std::to_string(i), "", 10);
    ASSERT_TRUE(hits);
    ASSERT_EQ(hits->items.size(), 1u) << i;
    EXPECT_EQ(hits->items[0].installed_version, "1.0." + std::to_string(i));
    EXPECT_EQ(hits->items[0].tags, std::vector<std::string>{"reg/big:1"});
  }
  EXPECT_EQ(store_->Affected("GHSA-7", "", 10)->items.size(), 2u);
  auto severities = store_->FindingsBySeverity();
  ASSERT_TRUE(severities);
  EXPECT_EQ(*severities, (std::vector<std::pair<std::string, std::int64_t>>{{"LOW", 251}}));
}

TEST_P(StoreTest, ListingsPageWithCursors) {
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

TEST_P(StoreTest, FindingsAreCountedPerSeverityForOneImage) {
  ScanReport report = SampleReport();
  Finding second = report.vulnerabilities[0];
  second.id = "GHSA-p6mc-m468-83gw";
  second.aliases = {"CVE-2020-8203"};
  Finding critical = second;
  critical.id = "GHSA-jf85-cpcp-j695";
  critical.severity = "CRITICAL";
  report.vulnerabilities.push_back(second);
  report.vulnerabilities.push_back(critical);
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:aa", .repository = "reg/app", .report = &report, .report_json = "{}"}));
  ScanReport clean = SampleReport();
  clean.vulnerabilities.clear();
  ASSERT_TRUE(store_->PutImage({.digest = "sha256:bb", .repository = "reg/base", .report = &clean, .report_json = "{}"}));
  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  EXPECT_EQ(*store_->ImageFindingsBySeverity("sha256:aa"), (Counts{{"CRITICAL", 1}, {"HIGH", 2}}));
  EXPECT_TRUE(store_->ImageFindingsBySeverity("sha256:bb")->empty());
  EXPECT_TRUE(store_->ImageFindingsBySeverity("sha256:none")->empty());
}

TEST_P(StoreTest, ConcurrentPutsOfOneDigestKeepOneCopyOfItsRows) {
  ScanReport report = SampleReport();
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(std::move(*OpenStore(Url())));
  // Rounds of four simultaneous puts of one digest (a first put, then replacements): each round's last writer
  // must leave one copy of the packages and findings, not one per writer.
  for (int round = 0; round < 4; ++round) {
    std::latch start(4);
    std::vector<std::jthread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        start.arrive_and_wait();
        auto put = stores[w]->PutImage({.digest = "sha256:aa", .repository = "reg/app", .tag = "t" + std::to_string(w),
                                        .report = &report, .report_json = "{}", .scanned_unix = round});
        EXPECT_TRUE(put) << put.error().message;
      });
    }
    writers.clear();
    EXPECT_EQ(*store_->CountImages(), 1);
    auto affected = store_->Affected("CVE-2021-23337", "", 100);
    ASSERT_TRUE(affected);
    ASSERT_EQ(affected->items.size(), 1u) << "round " << round;
    EXPECT_EQ(affected->items[0].tags,
              (std::vector<std::string>{"reg/app:t0", "reg/app:t1", "reg/app:t2", "reg/app:t3"}));
    EXPECT_EQ(store_->PackagesByPurl("pkg:npm/lodash", nullptr, "", 100)->items.size(), 1u) << "round " << round;
  }
}

TEST_P(StoreTest, ConcurrentEnqueuesOfOneKeyMakeOneJob) {
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(std::move(*OpenStore(Url())));
  std::mutex mutex;
  std::vector<Enqueued> results;
  std::vector<std::jthread> callers;
  for (int w = 0; w < 4; ++w) {
    callers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        auto enqueued = stores[w]->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "same"}, i);
        ASSERT_TRUE(enqueued) << enqueued.error().message;
        std::lock_guard lock(mutex);
        results.push_back(*enqueued);
      }
    });
  }
  callers.clear();
  ASSERT_EQ(results.size(), 40u);
  EXPECT_EQ(std::count_if(results.begin(), results.end(), [](const Enqueued& e) { return e.created; }), 1);
  for (const Enqueued& e : results) EXPECT_EQ(e.id, results[0].id);
  EXPECT_EQ(store_->CountJobs()->queued, 1);
}

TEST(PostgresStore, AnUnreachableServerIsUnavailableAndThePasswordIsNotRepeated) {
  auto store = OpenStore("postgres://drydock:s3cret-pw@127.0.0.1:1/drydock?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().message.find("s3cret-pw"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("127.0.0.1"), std::string::npos) << store.error().message;
}

TEST(PostgresStore, AfterTheServerRestartsTheStoreReconnects) {
  e2e::PostgresCluster& cluster = e2e::PostgresCluster::Shared();
  ASSERT_TRUE(cluster.Up()) << cluster.Error();
  auto store = OpenStore(cluster.NewDatabase("reconnect"));
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "before"}, 1));
  ASSERT_TRUE((*store)->GetJob(1));  // prepared on this connection before the restart
  ASSERT_TRUE(cluster.Restart());
  // A call on a broken connection fails as retryable; the next call on it reconnects (and prepares again).
  int failures = 0;
  Result<std::optional<Job>> job = std::nullopt;
  for (int i = 0; i < 20; ++i) {
    job = (*store)->GetJob(1);
    if (job) break;
    EXPECT_EQ(job.error().code, ErrorCode::kUnavailable) << job.error().message;
    ++failures;
  }
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->dedupe_key, "before");
  EXPECT_LE(failures, 8);  // at most once per pooled connection
  for (int i = 0; i < 16; ++i) (void)(*store)->CountJobs();  // every connection meets the restart
  auto after = (*store)->Enqueue({.kind = "scan", .payload = "{}", .dedupe_key = "after"}, 2);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_TRUE(after->created);
}

TEST(PostgresStore, MigrationsAreWrittenForBothEngines) {
  // The derived PostgreSQL DDL: ids become identity columns, every other integer BIGINT (milliseconds overflow
  // PostgreSQL's 32-bit INTEGER).
  std::string jobs = PostgresDdl(Migrations()[1]);
  EXPECT_NE(jobs.find("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"), std::string::npos) << jobs;
  EXPECT_NE(jobs.find("created_ms BIGINT NOT NULL"), std::string::npos);
  EXPECT_EQ(jobs.find("INTEGER"), std::string::npos);
  EXPECT_EQ(jobs.find("AUTOINCREMENT"), std::string::npos);
}

TEST_P(StoreTest, TokensAreFoundByHashOnly) {
  ASSERT_TRUE(store_->AddToken("ci", "ab12", "read,scan"));
  EXPECT_EQ(**store_->TokenScopes("ab12"), "read,scan");
  EXPECT_FALSE(*store_->TokenScopes("AB12"));
  EXPECT_FALSE(store_->AddToken("again", "ab12", "admin"));  // a hash is one token
}

}  // namespace
}  // namespace drydock
