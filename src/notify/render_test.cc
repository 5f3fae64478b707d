#include "notify/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "notify/webhook_filter.h"

namespace drydock {
namespace {

using json = nlohmann::json;

const std::string kDigest = "sha256:" + std::string(64, 'a');

Event Finding(std::int64_t id, std::string type, std::string severity, std::string cve, std::string fixed = "",
              std::string digest = kDigest, std::string generation = "sha256:gen2") {
  // The monitor's shape (src/monitor/findings_diff.cc): the finding nested under "finding".
  json payload = {{"image", {{"digest", digest}, {"repository", "127.0.0.1:5000/team/app"}}},
                  {"generation", {{"digest", generation}}},
                  {"finding", {{"vulnerability", cve}, {"package", "openssl"}, {"installed_version", "3.0.11-1"},
                               {"fixed_version", fixed}, {"severity", severity}}}};
  return Event{.id = id, .type = std::move(type), .digest = std::move(digest), .repository = "127.0.0.1:5000/team/app",
               .generation = std::move(generation), .severity = std::move(severity), .payload = payload.dump(),
               .created_ms = 1'700'000'000'000};
}

Event TagMutated(std::int64_t id) {
  json payload = {{"repository", "127.0.0.1:5000/team/app"}, {"tag", "1.0"}, {"old_digest", kDigest},
                  {"new_digest", "sha256:" + std::string(64, 'b')}};
  return Event{.id = id, .type = std::string(kEventTagMutated), .repository = "127.0.0.1:5000/team/app",
               .payload = payload.dump(), .created_ms = 1'700'000'000'000};
}

std::vector<Event> Batch() {
  return {Finding(10, "finding.new", "HIGH", "CVE-2024-1", "3.0.13-1"),
          Finding(11, "finding.new", "CRITICAL", "CVE-2024-2", "3.0.14-1"),
          Finding(12, "finding.resolved", "LOW", "CVE-2020-9"),
          TagMutated(13),
          Finding(14, "finding.new", "MEDIUM", "CVE-2024-3", "", "sha256:" + std::string(64, 'c'))};
}

TEST(RenderDeliveries, OneSummaryPerImageAndGeneration) {
  const Webhook hook{.id = 3};
  auto out = RenderDeliveries(hook, Batch());
  ASSERT_EQ(out.size(), 3u);  // image a's summary, the tag event, image c's summary
  EXPECT_EQ(out[0].event_type, "image.summary");
  EXPECT_EQ(out[0].message_id, "msg_10_3");
  EXPECT_EQ(out[1].event_type, "tag.mutated");
  EXPECT_EQ(out[2].event_type, "image.summary");
  json body = json::parse(out[0].body);
  EXPECT_EQ(body["type"], "image.summary");
  EXPECT_EQ(body["timestamp"], "2023-11-14T22:13:20Z");
  const json& data = body["data"];
  EXPECT_EQ(data["digest"], kDigest);
  EXPECT_EQ(data["worst_severity"], "CRITICAL");
  EXPECT_EQ(data["counts"]["new"], (json{{"CRITICAL", 1}, {"HIGH", 1}}));
  EXPECT_EQ(data["counts"]["resolved"], 1);
  ASSERT_EQ(data["upgrades"].size(), 1u);
  EXPECT_EQ(data["upgrades"][0]["package"], "openssl");
  EXPECT_EQ(data["upgrades"][0]["fixed_versions"], (json{"3.0.13-1", "3.0.14-1"}));
  EXPECT_EQ(data["findings"].size(), 3u);
  EXPECT_EQ(data["event_ids"], (json{10, 12}));
}

TEST(RenderDeliveries, PerFindingSendsEachEvent) {
  const Webhook hook{.id = 1, .per_finding = true};
  auto out = RenderDeliveries(hook, Batch());
  ASSERT_EQ(out.size(), 5u);
  json body = json::parse(out[1].body);
  EXPECT_EQ(body["type"], "finding.new");
  EXPECT_EQ(body["data"]["finding"]["vulnerability"], "CVE-2024-2");
  EXPECT_EQ(body["data"]["event_id"], 11);
  EXPECT_EQ(out[1].message_id, "msg_11_1");
}

TEST(RenderDeliveries, FiltersByTypeRepositoryAndSeverity) {
  auto only_tags = RenderDeliveries(Webhook{.id = 1, .events = {"tag.mutated"}}, Batch());
  ASSERT_EQ(only_tags.size(), 1u);
  EXPECT_EQ(only_tags[0].event_type, "tag.mutated");
  EXPECT_TRUE(RenderDeliveries(Webhook{.id = 1, .repositories = {"127.0.0.1:5000/other*"}}, Batch()).empty());
  EXPECT_EQ(RenderDeliveries(Webhook{.id = 1, .repositories = {"127.0.0.1:5000/team/*"}}, Batch()).size(), 3u);
  // HIGH and above: image c's MEDIUM-only summary is left out, the tag event is never filtered by severity.
  auto high = RenderDeliveries(Webhook{.id = 1, .min_severity = "HIGH"}, Batch());
  ASSERT_EQ(high.size(), 2u);
  EXPECT_EQ(high[0].event_type, "image.summary");
  EXPECT_EQ(high[1].event_type, "tag.mutated");
  auto critical_each = RenderDeliveries(Webhook{.id = 1, .min_severity = "CRITICAL", .per_finding = true}, Batch());
  ASSERT_EQ(critical_each.size(), 2u);  // CVE-2024-2 and the tag
}

TEST(RenderDeliveries, SlackBodiesSayWhatToUpgrade) {
  auto out = RenderDeliveries(Webhook{.id = 1, .format = "slack"}, Batch());
  ASSERT_EQ(out.size(), 3u);
  json summary = json::parse(out[0].body);
  const std::string text = summary["text"];
  EXPECT_NE(text.find("1 CRITICAL, 1 HIGH"), std::string::npos) << text;
  EXPECT_NE(text.find("`openssl` 3.0.11-1 → 3.0.13-1 or 3.0.14-1"), std::string::npos) << text;
  EXPECT_EQ(summary["blocks"][0]["text"]["text"], text);
  const std::string tag = json::parse(out[1].body)["text"];
  EXPECT_NE(tag.find("127.0.0.1:5000/team/app:1.0"), std::string::npos) << tag;
  auto each = RenderDeliveries(Webhook{.id = 1, .format = "slack", .per_finding = true}, Batch());
  const std::string one = json::parse(each[1].body)["text"];
  EXPECT_NE(one.find("CRITICAL CVE-2024-2 in `openssl` 3.0.11-1 (fixed in 3.0.14-1)"), std::string::npos) << one;
}

TEST(RenderDeliveries, UnreadablePayloadsStillRender) {
  Event broken = Finding(1, "finding.new", "HIGH", "CVE-1");
  broken.payload = "not json";
  Event array = Finding(2, "finding.changed", "", "CVE-2");
  array.payload = "[1,2]";
  std::vector<Event> events = {broken, array};
  auto out = RenderDeliveries(Webhook{.id = 1}, events);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(json::parse(out[0].body)["data"]["counts"]["changed"], 1);
  EXPECT_EQ(RenderDeliveries(Webhook{.id = 1, .format = "slack"}, events).size(), 1u);
}

}  // namespace
}  // namespace drydock
