#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "monitor/registry_watch.h"

namespace drydock {
namespace {

TEST(TrackTag, NewAndMovedTagsQueueAScanAndAMoveIsAnEvent) {
  const auto dir = std::filesystem::temp_directory_path() / ("drydock-track-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto store = OpenStore("sqlite:" + (dir / "store.db").string());
  ASSERT_TRUE(store) << store.error().message;
  std::vector<std::string> queued;
  QueueScan queue = [&](const std::string& image) -> Result<std::int64_t> {
    queued.push_back(image);
    return static_cast<std::int64_t>(queued.size());
  };
  const std::string repo = "127.0.0.1:5000/team/app", a = "sha256:" + std::string(64, 'a'),
                    b = "sha256:" + std::string(64, 'b');
  auto first = TrackTag(**store, queue, repo, "1.0", a, "registry-hook", 1000);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->queued);
  EXPECT_FALSE(first->mutated);
  EXPECT_FALSE(TrackTag(**store, queue, repo, "1.0", a, "watch", 2000)->queued);  // seen again: nothing to do
  auto moved = TrackTag(**store, queue, repo, "1.0", b, "registry-hook", 3000);
  EXPECT_TRUE(moved->queued && moved->mutated);
  EXPECT_EQ(moved->job_id, 2);
  // Each scan pins the digest seen (the tag may not be linked yet when docker-registry sends the push's event).
  EXPECT_EQ(queued, (std::vector<std::string>{repo + ":1.0@" + a, repo + ":1.0@" + b}));
  auto events = (*store)->EventsAfter(0, 10, {});
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "tag.mutated");
  EXPECT_NE((*events)[0].payload.find("\"source\":\"registry-hook\""), std::string::npos);
  // A queue that fails is an error naming the image.
  QueueScan broken = [](const std::string&) -> Result<std::int64_t> { return Fail("store busy"); };
  auto failed = TrackTag(**store, broken, repo, "2.0", a, "watch", 4000);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find(repo + ":2.0"), std::string::npos);
  store->reset();
  std::filesystem::remove_all(dir);
}

TEST(WatchInterval, ParsesOneNumberAndAUnit) {
  EXPECT_EQ(*ParseWatchInterval("30s"), std::chrono::seconds(30));
  EXPECT_EQ(*ParseWatchInterval("5m"), std::chrono::minutes(5));
  EXPECT_EQ(*ParseWatchInterval("2h"), std::chrono::hours(2));
  EXPECT_EQ(*ParseWatchInterval("1d"), std::chrono::hours(24));
  for (std::string_view bad : {"", "5", "m", "5 m", "5min", "0s", "8d", "-1s", "1.5h", "9999999999s"}) {
    auto parsed = ParseWatchInterval(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << bad;
  }
}

TEST(ValidateWatch, WantsAFullRepositoryNameAndARegex) {
  EXPECT_TRUE(ValidateWatch("127.0.0.1:5000/team/app", "v[0-9]+\\..*"));
  EXPECT_TRUE(ValidateWatch("registry.example.com/app", ".*"));
  for (const char* repo : {"app", "team/app", "127.0.0.1:5000/team/app:1.0", "127.0.0.1:5000/team/app@sha256:" 
                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", "http://x/y", "H/Up"}) {
    EXPECT_FALSE(ValidateWatch(repo, ".*")) << repo;
  }
  EXPECT_FALSE(ValidateWatch("127.0.0.1:5000/team/app", ""));
  EXPECT_FALSE(ValidateWatch("127.0.0.1:5000/team/app", "v[0-9"));
  EXPECT_FALSE(ValidateWatch("127.0.0.1:5000/team/app", std::string(300, 'a')));
}

}  // namespace
}  // namespace drydock
