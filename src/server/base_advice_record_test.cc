#include "server/base_advice_record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace drydock {
namespace {

using json = nlohmann::json;

BaseAdviceOption Option(const std::string& kind, const std::string& tag, std::size_t removed_high,
                        std::size_t removed_medium) {
  BaseAdviceOption o{.kind = kind, .name = "reg/bases/debian", .tag = tag, .digest = "sha256:" + tag};
  if (removed_high > 0) o.removed["HIGH"] = removed_high;
  if (removed_medium > 0) o.removed["MEDIUM"] = removed_medium;
  o.removed_total = removed_high + removed_medium;
  return o;
}

TEST(RecommendedOption, RefreshFirstElseTheOneRemovingMostElseNone) {
  EXPECT_EQ(RecommendedOption({}), std::nullopt);
  EXPECT_EQ(RecommendedOption({Option("update", "12.5", 0, 0)}), std::nullopt);  // removes nothing
  EXPECT_EQ(RecommendedOption({Option("update", "12.5", 0, 1), Option("update", "12.6", 2, 0),
                               Option("smaller", "12.4-slim", 1, 1)}),
            1u);
  EXPECT_EQ(RecommendedOption({Option("refresh", "12", 0, 0), Option("update", "12.6", 5, 0)}), 0u);
  // A refresh that could not be scanned has no counts to recommend it by.
  BaseAdviceOption broken = Option("refresh", "12", 0, 0);
  broken.error = "scanning: unauthorized";
  EXPECT_EQ(RecommendedOption({broken, Option("update", "12.6", 1, 0)}), 1u);
}

TEST(AdviceJson, ListsTheOptionsAsTheReportDoesAndPointsAtTheRecommendedOne) {
  BaseAdviceOption broken = Option("update", "12.9", 0, 0);
  broken.error = "scanning: no such manifest";
  const json advice = json::parse(AdviceJson({broken, Option("update", "12.6", 2, 1)}));
  ASSERT_EQ(advice["options"].size(), 2u);
  EXPECT_EQ(advice["options"][0]["error"], "scanning: no such manifest");
  EXPECT_FALSE(advice["options"][0].contains("removed"));
  EXPECT_EQ(advice["options"][1]["removed"]["total"], 3);
  EXPECT_EQ(advice["options"][1]["removed"]["by_severity"], (json{{"HIGH", 2}, {"MEDIUM", 1}}));
  EXPECT_EQ(advice["recommended"], 1);
  EXPECT_TRUE(json::parse(AdviceJson({}))["recommended"].is_null());
}

TEST(BaseOutdatedEvent, SaysWhichBaseMovedWhereAndWhatTheRebuildRemoves) {
  BaseImageInfo base{.name = "reg/bases/debian", .tag = "12", .digest = "sha256:old", .source = "index"};
  BaseAdviceOption refresh = Option("refresh", "12", 2, 1);
  refresh.digest = "sha256:new";
  refresh.added["LOW"] = 1;
  refresh.added_total = 1;
  const NewEvent event = BaseOutdatedEvent("sha256:app", "reg/apps/web", base, refresh);
  EXPECT_EQ(event.type, "base.outdated");
  EXPECT_EQ(event.digest, "sha256:app");
  EXPECT_EQ(event.repository, "reg/apps/web");
  EXPECT_EQ(event.severity, "HIGH");  // the worst the rebuild removes
  const json payload = json::parse(event.payload);
  EXPECT_EQ(payload["base"]["name"], "reg/bases/debian");
  EXPECT_EQ(payload["base"]["tag"], "12");
  EXPECT_EQ(payload["old_digest"], "sha256:old");
  EXPECT_EQ(payload["new_digest"], "sha256:new");
  EXPECT_EQ(payload["removes"]["total"], 3);
  EXPECT_EQ(payload["adds"]["by_severity"], (json{{"LOW", 1}}));
  EXPECT_EQ(payload["rebuild"], "reg/bases/debian:12@sha256:new");
  // A rebuild that removes nothing has no severity to filter webhooks by.
  EXPECT_EQ(BaseOutdatedEvent("sha256:app", "r", base, Option("refresh", "12", 0, 0)).severity, "");
}

}  // namespace
}  // namespace drydock
