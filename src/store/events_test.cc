// The events outbox and DB generations on both engines (store_test_fixture.h): cursor paging and filters, findings
// and events committed together (or not at all), generations recorded once.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>

#include "postgres_fixture.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store/store_test_fixture.h"

namespace drydock {
namespace {

class EventsTest : public StoreEngineTest {
 protected:
  // Makes inserting an event of type 'boom' fail, from another connection.
  void RefuseBoomEvents() {
    if (!IsPostgres()) {
      auto raw = SqliteDb::Open(SqlitePath().string());
      ASSERT_TRUE(raw);
      ASSERT_TRUE((*raw)->Exec("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.type = 'boom' "
                               "BEGIN SELECT RAISE(ABORT, 'refused'); END"));
    } else {
      ASSERT_EQ(e2e::PostgresCluster::Shared().Execute(
                    Database(), "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.type = 'boom' THEN "
                               "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
                               "CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse()"),
                "");
    }
  }

  void PutImage(const std::string& digest, const std::vector<std::string>& finding_ids) {
    report_.packages = {{.name = "zlib", .version = "1.2", .ecosystem = "apk", .purl = "pkg:apk/alpine/zlib@1.2"}};
    report_.vulnerabilities.clear();
    for (const std::string& id : finding_ids) {
      report_.vulnerabilities.push_back({.id = id, .package_name = "zlib", .installed_version = "1.2",
                                         .severity = "HIGH"});
    }
    ASSERT_TRUE(store_->PutImage({.digest = digest, .repository = "r/app", .tag = "1", .report = &report_,
                                  .report_json = "{}"}));
  }
  std::int64_t FindingRows(const std::string& vulnerability) {
    auto page = store_->Affected(vulnerability, "", 100);
    return page ? static_cast<std::int64_t>(page->items.size()) : -1;
  }

  ScanReport report_;
};

INSTANTIATE_TEST_SUITE_P(Engines, EventsTest, StoreEngines(), StoreEngineName);

TEST_P(EventsTest, PagesByCursorAndFilters) {
  std::vector<NewEvent> batch = {
      {.type = "finding.new", .digest = "sha256:a", .repository = "r/app", .severity = "HIGH", .payload = R"({"x":1})"},
      {.type = "tag.mutated", .digest = "sha256:b", .repository = "r/other"},
      {.type = "finding.resolved", .digest = "sha256:a", .repository = "r/app"},
  };
  auto last = store_->AppendEvents(batch, 1000);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(*last, 3);
  EXPECT_EQ(*store_->LastEventId(), 3);

  auto first = store_->EventsAfter(0, 2, {});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, 1);
  EXPECT_EQ((*first)[0].payload, R"({"x":1})");
  EXPECT_EQ((*first)[0].created_ms, 1000);
  EXPECT_EQ((*first)[1].payload, "{}");  // an empty payload is stored as an empty object
  auto rest = store_->EventsAfter(first->back().id, 2, {});
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].type, "finding.resolved");
  EXPECT_TRUE(store_->EventsAfter(3, 10, {})->empty());

  auto by_repo = store_->EventsAfter(0, 10, {.repository = "r/app"});
  ASSERT_EQ(by_repo->size(), 2u);
  auto by_type = store_->EventsAfter(0, 10, {.types = {"tag.mutated", "finding.resolved"}});
  ASSERT_EQ(by_type->size(), 2u);
  EXPECT_EQ((*by_type)[0].id, 2);
  auto by_digest = store_->EventsAfter(0, 10, {.types = {"finding.new"}, .digest = "sha256:b"});
  EXPECT_TRUE(by_digest->empty());
}

TEST_P(EventsTest, FindingsAndEventsCommitTogether) {
  PutImage("sha256:a", {"CVE-1"});
  report_.vulnerabilities = {{.id = "CVE-2", .package_name = "zlib", .installed_version = "1.2", .severity = "LOW"}};
  std::vector<NewEvent> events = {{.type = "finding.new", .digest = "sha256:a"},
                                  {.type = "finding.resolved", .digest = "sha256:a"}};
  auto updated = store_->UpdateFindings({.digest = "sha256:a", .report = &report_, .report_json = "{\"n\":2}"},
                                        events, 5);
  ASSERT_TRUE(updated && *updated);
  EXPECT_EQ(FindingRows("CVE-1"), 0);
  EXPECT_EQ(FindingRows("CVE-2"), 1);
  EXPECT_EQ(**store_->ImageReport("sha256:a"), "{\"n\":2}");
  EXPECT_EQ(store_->EventsAfter(0, 10, {})->size(), 2u);

  // A guarded update whose read is stale (another writer got there first) writes nothing.
  auto stale = store_->UpdateFindings({.digest = "sha256:a", .report = &report_, .report_json = "{\"n\":3}",
                                       .expected_report_json = "{}"},
                                      events, 5);
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale);
  EXPECT_EQ(**store_->ImageReport("sha256:a"), "{\"n\":2}");
  EXPECT_EQ(store_->EventsAfter(0, 10, {})->size(), 2u);
  auto current = store_->UpdateFindings({.digest = "sha256:a", .report = &report_, .report_json = "{\"n\":2}",
                                         .expected_report_json = "{\"n\":2}"},
                                        {}, 5);
  ASSERT_TRUE(current && *current);

  // An image deleted meanwhile: nothing is written, neither findings nor events.
  auto gone = store_->UpdateFindings({.digest = "sha256:none", .report = &report_}, events, 6);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  EXPECT_EQ(store_->EventsAfter(0, 10, {})->size(), 2u);
}

TEST_P(EventsTest, AFailingEventRollsTheFindingsBack) {
  PutImage("sha256:a", {"CVE-1"});
  // Another connection installs a trigger that refuses one event, so the update fails after its findings were
  // written: the transaction must take them back.
  RefuseBoomEvents();
  report_.vulnerabilities = {{.id = "CVE-2", .package_name = "zlib", .installed_version = "1.2"}};
  std::vector<NewEvent> events = {{.type = "finding.new", .digest = "sha256:a"}, {.type = "boom"}};
  auto refused = store_->UpdateFindings({.digest = "sha256:a", .report = &report_, .report_json = "{}"}, events, 7);
  ASSERT_FALSE(refused);
  EXPECT_EQ(FindingRows("CVE-1"), 1);
  EXPECT_EQ(FindingRows("CVE-2"), 0);
  EXPECT_TRUE(store_->EventsAfter(0, 10, {})->empty());
  // The store is usable afterwards (the transaction was closed).
  events.pop_back();
  auto done = store_->UpdateFindings({.digest = "sha256:a", .report = &report_, .report_json = "{}"}, events, 8);
  ASSERT_TRUE(done && *done);
  EXPECT_EQ(FindingRows("CVE-2"), 1);
  EXPECT_EQ(store_->EventsAfter(0, 10, {})->size(), 1u);
}

// A scan's image.scanned event is stored with its report, or neither is (a crash between the two cannot announce
// a scan that was not stored, or store one that is never announced).
TEST_P(EventsTest, APutImageAndItsEventsCommitTogether) {
  report_.packages = {{.name = "zlib", .version = "1.2", .ecosystem = "apk", .purl = "pkg:apk/alpine/zlib@1.2"}};
  report_.vulnerabilities = {{.id = "CVE-9", .package_name = "zlib", .installed_version = "1.2", .severity = "LOW"}};
  ImageRecord image{.digest = "sha256:p", .repository = "r/app", .tag = "1", .report = &report_, .report_json = "{}",
                    .events = {{.type = "image.scanned", .digest = "sha256:p", .repository = "r/app", .severity = "LOW",
                                .payload = R"({"tag":"1"})"}},
                    .events_ms = 1234};
  ASSERT_TRUE(store_->PutImage(image));
  auto events = store_->EventsAfter(0, 10, {});
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "image.scanned");
  EXPECT_EQ((*events)[0].digest, "sha256:p");
  EXPECT_EQ((*events)[0].created_ms, 1234);
  EXPECT_EQ((*events)[0].payload, R"({"tag":"1"})");
  EXPECT_EQ(FindingRows("CVE-9"), 1);

  RefuseBoomEvents();
  report_.vulnerabilities[0].id = "CVE-10";
  image.digest = "sha256:q";
  image.events = {{.type = "boom", .digest = "sha256:q"}};
  ASSERT_FALSE(store_->PutImage(image));
  EXPECT_EQ(FindingRows("CVE-10"), 0);  // nothing of the image was kept
  auto report = store_->ImageReport("sha256:q");
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->has_value());
  EXPECT_EQ(store_->EventsAfter(0, 10, {})->size(), 1u);
}

// A re-match that gives the stored report back: only db_built_at moves, and only over the report it read.
TEST_P(EventsTest, AnUnchangedReportMovesOnlyItsGeneration) {
  PutImage("sha256:u", {"CVE-1"});
  auto moved = store_->UpdateFindings({.digest = "sha256:u", .db_built_at = "2026-12-03T00:00:00Z",
                                       .expected_report_json = "{}", .report_unchanged = true},
                                      {}, 5);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_TRUE(*moved);
  auto image = store_->GetImage("sha256:u");
  ASSERT_TRUE(image && *image);
  EXPECT_EQ((*image)->db_built_at, "2026-12-03T00:00:00Z");
  EXPECT_EQ((*image)->report_json, "{}");
  EXPECT_EQ(FindingRows("CVE-1"), 1);
  auto stale = store_->UpdateFindings({.digest = "sha256:u", .db_built_at = "later",
                                       .expected_report_json = "{\"other\":1}", .report_unchanged = true},
                                      {}, 6);
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale) << "the stored report is not the one re-matched";
  EXPECT_EQ((*store_->GetImage("sha256:u"))->db_built_at, "2026-12-03T00:00:00Z");
  auto gone = store_->UpdateFindings({.digest = "sha256:none", .db_built_at = "x", .report_unchanged = true}, {}, 7);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

// A findings update rewrites only the rows that changed: the untouched findings keep their rows (ids), a
// re-rated one and a new one are written, a resolved one goes, and every name query answers as before.
TEST_P(EventsTest, AFindingsUpdateWritesOnlyTheChangedRows) {
  PutImage("sha256:d", {"CVE-1", "CVE-2", "CVE-3", "CVE-5"});
  auto ids = [&] {
    std::map<std::string, std::string> out;  // vulnerability -> "id severity"
    const std::string sql = "SELECT vulnerability, id, severity FROM findings WHERE digest = 'sha256:d'";
    if (GetParam() == "sqlite") {
      auto raw = SqliteDb::Open(SqlitePath().string());
      EXPECT_TRUE(raw);
      auto q = (*raw)->Prepare(sql);
      EXPECT_TRUE(q);
      while (q && *q->Step()) out[q->Text(0)] = q->Text(1) + " " + q->Text(2);
    } else {
      for (const auto& row : e2e::PostgresCluster::Shared().Rows(Database(), sql)) out[row[0]] = row[1] + " " + row[2];
    }
    return out;
  };
  const auto before = ids();
  ASSERT_EQ(before.size(), 4u);
  report_.vulnerabilities = {{.id = "CVE-1", .aliases = {"GHSA-1"}, .package_name = "zlib", .installed_version = "1.2",
                              .severity = "HIGH"},  // a new alias: its names change
                             {.id = "CVE-2", .package_name = "zlib", .installed_version = "1.2", .severity = "HIGH"},
                             {.id = "CVE-3", .package_name = "zlib", .installed_version = "1.2", .severity = "LOW"},
                             {.id = "CVE-4", .package_name = "zlib", .installed_version = "1.2", .severity = "HIGH"}};
  // CVE-5 is resolved.
  auto done = store_->UpdateFindings({.digest = "sha256:d", .report = &report_, .report_json = "{\"v\":2}"}, {}, 9);
  ASSERT_TRUE(done && *done);
  const auto after = ids();
  ASSERT_EQ(after.size(), 4u);
  EXPECT_FALSE(after.contains("CVE-5"));
  EXPECT_EQ(after.at("CVE-2"), before.at("CVE-2")) << "unchanged: its row stays";
  EXPECT_TRUE(after.at("CVE-3").ends_with(" LOW")) << "re-rated";
  EXPECT_TRUE(after.contains("CVE-4"));
  EXPECT_EQ(FindingRows("GHSA-1"), 1) << "a new alias is a new name";
  EXPECT_EQ(FindingRows("CVE-1"), 1);
  EXPECT_EQ(FindingRows("CVE-2"), 1);
  EXPECT_EQ(FindingRows("CVE-5"), 0);
  EXPECT_EQ(FindingRows("CVE-4"), 1);
  // Unchanged findings again: no row moves.
  auto again = store_->UpdateFindings({.digest = "sha256:d", .report = &report_, .report_json = "{\"v\":3}"}, {}, 10);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ(ids(), after);
}

TEST_P(EventsTest, GenerationsAreRecordedOnceInOrder) {
  auto first = store_->RecordGeneration("sha256:g1", "2026-12-01T00:00:00Z", 10);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->second);
  EXPECT_EQ(first->first.id, 1);
  EXPECT_EQ(first->first.processed_ms, 0);
  auto again = store_->RecordGeneration("sha256:g1", "other", 20);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->second);
  EXPECT_EQ(again->first.first_seen_ms, 10);
  EXPECT_EQ(again->first.built_at, "2026-12-01T00:00:00Z");
  ASSERT_TRUE(store_->MarkGenerationProcessed("sha256:g1", R"({"HIGH":2})", 30));
  ASSERT_TRUE(store_->RecordGeneration("sha256:g2", "2026-12-02T00:00:00Z", 40));
  auto all = store_->Generations();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].processed_ms, 30);
  EXPECT_EQ((*all)[0].finding_counts, R"({"HIGH":2})");
  EXPECT_EQ((*all)[1].id, 2);
  EXPECT_EQ((*all)[1].finding_counts, "{}");
}

}  // namespace
}  // namespace drydock

namespace drydock {
namespace {

TEST_P(EventsTest, MatchIndexFindsHoldersAndARescanDropsIt) {
  PutImage("sha256:a", {});
  PutImage("sha256:b", {});
  EXPECT_EQ(*store_->UnindexedImages(10), (std::vector<std::string>{"sha256:a", "sha256:b"}));
  std::vector<MatchKey> a_keys = {{"Alpine:v3.10", "zlib"}, {"Go", "golang.org/x/net"}};
  std::vector<MatchKey> b_keys = {{"Alpine:v3.10", "zlib"}, {"Alpine:v3.10", "musl"}};
  ASSERT_TRUE(*store_->SetMatchKeys("sha256:a", a_keys));
  ASSERT_TRUE(*store_->SetMatchKeys("sha256:b", b_keys));
  EXPECT_FALSE(*store_->SetMatchKeys("sha256:none", a_keys));
  EXPECT_TRUE(store_->UnindexedImages(10)->empty());
  std::vector<MatchKey> zlib = {{"Alpine:v3.10", "zlib"}};
  EXPECT_EQ(*store_->ImagesWithKeys(zlib), (std::vector<std::string>{"sha256:a", "sha256:b"}));
  std::vector<MatchKey> some = {{"Go", "golang.org/x/net"}, {"Alpine:v3.10", "nothing"}};
  EXPECT_EQ(*store_->ImagesWithKeys(some), (std::vector<std::string>{"sha256:a"}));
  PutImage("sha256:a", {});  // re-scanned: its packages may differ, so it is indexed afresh
  EXPECT_EQ(*store_->UnindexedImages(10), (std::vector<std::string>{"sha256:a"}));
  EXPECT_TRUE(store_->ImagesWithKeys(some)->empty());
  auto image = store_->GetImage("sha256:b");
  ASSERT_TRUE(image && *image);
  EXPECT_EQ((*image)->repository, "r/app");
  EXPECT_EQ(*store_->ImageDigests(), (std::vector<std::string>{"sha256:a", "sha256:b"}));
  ASSERT_TRUE(store_->DeleteImage("sha256:b"));
  EXPECT_TRUE(store_->ImagesWithKeys(zlib)->empty());
}

}  // namespace
}  // namespace drydock
