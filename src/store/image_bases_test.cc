// Image bases in the store, on SQLite and on PostgreSQL: a scan's identified base is kept per image, the base
// refresh's advice is written against that base only, and base.outdated is appended once per image and new base
// digest, in the same transaction as the advice.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "postgres_fixture.h"
#include "store/store.h"

namespace drydock {
namespace {

const std::string kApp = "sha256:" + std::string(64, 'a');
const std::string kOld = "sha256:" + std::string(64, '1');
const std::string kNew = "sha256:" + std::string(64, '2');
const std::string kNewer = "sha256:" + std::string(64, '3');

class StoreImageBases : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Engines, StoreImageBases, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

std::size_t CountOutdatedEvents(Store& s) {
  auto events = s.EventsAfter(0, 100, {.types = {std::string(kEventBaseOutdated)}});
  EXPECT_TRUE(events);
  return events ? events->size() : 0;
}

TEST_P(StoreImageBases, AdviceFollowsTheIdentifiedBaseAndEachMoveIsAnnouncedOnce) {
  auto dir = std::filesystem::temp_directory_path() / ("drydock-image-bases-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::string url = "sqlite:" + (dir / "store.db").string();
  if (GetParam() == "postgres") {
    e2e::PostgresCluster& cluster = e2e::PostgresCluster::Shared();
    ASSERT_TRUE(cluster.Up()) << cluster.Error();
    url = cluster.NewDatabase("image_bases_" + std::to_string(::getpid()));
    ASSERT_FALSE(url.empty());
  }
  auto store = OpenStore(url);
  ASSERT_TRUE(store) << store.error().message;
  Store& s = **store;
  ScanReport report;
  ASSERT_TRUE(s.PutImage({.digest = kApp, .repository = "reg/app", .tag = "1", .platform = "linux/amd64",
                          .report = &report, .report_json = "{}", .scanned_unix = 1, .db_built_at = "x"}));
  const ImageBase base{.name = "reg/bases/debian", .tag = "12", .base_digest = kOld, .source = "index",
                       .reason = "the index"};
  ASSERT_TRUE(s.SetImageBase(kApp, base));
  auto rows = s.ImageBasesOf({kApp, "sha256:none"});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].name, "reg/bases/debian");
  EXPECT_EQ((*rows)[0].advised_ms, 0);

  const NewEvent event{.type = std::string(kEventBaseOutdated), .digest = kApp, .repository = "reg/app",
                       .severity = "HIGH", .payload = R"({"new_digest":"2"})"};
  BaseAdviceRecord advice{.digest = kApp, .base_digest = kOld, .outdated = true, .current_digest = kNew,
                          .advice_json = R"({"options":[]})"};
  bool announced = false;
  ASSERT_TRUE(s.RecordBaseAdvice(advice, &event, 5000, &announced).value_or(false));
  EXPECT_TRUE(announced);
  // The next pass sees the same move: advice rewritten, no second event.
  ASSERT_TRUE(s.RecordBaseAdvice(advice, &event, 6000, &announced).value_or(false));
  EXPECT_FALSE(announced);
  EXPECT_EQ(CountOutdatedEvents(s), 1u);
  // The tag moves again: announced again.
  advice.current_digest = kNewer;
  ASSERT_TRUE(s.RecordBaseAdvice(advice, &event, 7000, &announced).value_or(false));
  EXPECT_TRUE(announced);
  EXPECT_EQ(CountOutdatedEvents(s), 2u);
  rows = s.ImageBases();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_TRUE((*rows)[0].outdated);
  EXPECT_EQ((*rows)[0].current_digest, kNewer);
  EXPECT_EQ((*rows)[0].advised_ms, 7000);

  // Re-scanned onto the same base: the advice stays. Onto another: it goes, and advice for the old one is refused.
  ASSERT_TRUE(s.SetImageBase(kApp, base));
  rows = s.ImageBasesOf({kApp});
  ASSERT_TRUE(rows && rows->size() == 1u);
  EXPECT_EQ((*rows)[0].advice_json, R"({"options":[]})");
  ImageBase rebuilt = base;
  rebuilt.base_digest = kNewer;
  ASSERT_TRUE(s.SetImageBase(kApp, rebuilt));
  rows = s.ImageBasesOf({kApp});
  ASSERT_TRUE(rows && rows->size() == 1u);
  EXPECT_EQ((*rows)[0].advice_json, "");
  EXPECT_FALSE((*rows)[0].outdated);
  auto stale = s.RecordBaseAdvice(advice, &event, 8000, &announced);
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale);
  EXPECT_EQ(CountOutdatedEvents(s), 2u);

  // No base any more, and a deleted image takes its row along.
  ASSERT_TRUE(s.SetImageBase(kApp, std::nullopt));
  EXPECT_TRUE(s.ImageBases()->empty());
  ASSERT_TRUE(s.SetImageBase(kApp, base));
  ASSERT_TRUE(s.DeleteImage(kApp).value_or(false));
  EXPECT_TRUE(s.ImageBases()->empty());
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace drydock
