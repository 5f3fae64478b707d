// The store's side of alerts and registry watching on both engines (store_test_fixture.h): webhooks, in-order
// deliveries with their attempt log, the fan-out cursor, watches, tag observations and notification dedupe.
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace drydock {
namespace {

class NotifyStoreTest : public StoreEngineTest {
 protected:
  std::int64_t AddHook(const std::string& url) {
    auto id = store_->AddWebhook({.url = url, .secret = "whsec_x", .events = {"tag.mutated"},
                                  .min_severity = "HIGH", .repositories = {"r/*"}},
                                 1000);
    EXPECT_TRUE(id);
    return id.value_or(0);
  }
  std::vector<NewDelivery> Deliveries(std::int64_t hook, int count, int first = 0) {
    std::vector<NewDelivery> out;
    for (int i = first; i < first + count; ++i) {
      out.push_back({.webhook_id = hook, .message_id = "msg_" + std::to_string(i), .event_type = "t",
                     .body = "{\"n\":" + std::to_string(i) + "}"});
    }
    return out;
  }

};

INSTANTIATE_TEST_SUITE_P(Engines, NotifyStoreTest, StoreEngines(), StoreEngineName);

TEST_P(NotifyStoreTest, WebhooksRoundTripAndDelete) {
  const std::int64_t id = AddHook("http://127.0.0.1:1/a");
  auto got = store_->GetWebhook(id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->url, "http://127.0.0.1:1/a");
  EXPECT_EQ((*got)->events, std::vector<std::string>{"tag.mutated"});
  EXPECT_EQ((*got)->repositories, std::vector<std::string>{"r/*"});
  EXPECT_EQ((*got)->min_severity, "HIGH");
  EXPECT_TRUE((*got)->enabled);
  EXPECT_EQ(store_->ListWebhooks()->size(), 1u);
  EXPECT_TRUE(*store_->DeleteWebhook(id));
  EXPECT_FALSE(*store_->DeleteWebhook(id));
  EXPECT_FALSE(*store_->GetWebhook(id));
}

TEST_P(NotifyStoreTest, TheFanOutCursorMovesOnceFromWhereItWas) {
  const std::int64_t hook = AddHook("http://127.0.0.1:1/a");
  EXPECT_EQ(*store_->NotifyCursor(), 0);
  EXPECT_TRUE(*store_->AddDeliveries(Deliveries(hook, 2), 0, 7, 1000));
  EXPECT_EQ(*store_->NotifyCursor(), 7);
  // A second process that read the cursor as 0 too writes nothing.
  EXPECT_FALSE(*store_->AddDeliveries(Deliveries(hook, 2, 2), 0, 9, 1000));
  EXPECT_EQ(*store_->NotifyCursor(), 7);
  EXPECT_EQ(store_->ListDeliveries(hook, "", 10)->items.size(), 2u);
}

TEST_P(NotifyStoreTest, DeliveriesGoOutInOrderPerEndpoint) {
  const std::int64_t a = AddHook("http://127.0.0.1:1/a"), b = AddHook("http://127.0.0.1:1/b");
  auto batch = Deliveries(a, 2);
  auto more = Deliveries(b, 1, 5);
  batch.insert(batch.end(), more.begin(), more.end());
  ASSERT_TRUE(*store_->AddDeliveries(batch, 0, 3, 1000));
  auto claimed = store_->ClaimDeliveries(1000, 60'000);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 2u);  // the head of each endpoint
  EXPECT_EQ((*claimed)[0].message_id, "msg_0");
  EXPECT_EQ((*claimed)[1].message_id, "msg_5");
  EXPECT_TRUE(store_->ClaimDeliveries(1001, 60'000)->empty());  // leased
  // msg_0 fails and waits 5 s: msg_1 waits behind it.
  ASSERT_TRUE(store_->FinishAttempt((*claimed)[0].id,
                                    {.state = DeliveryState::kPending, .next_attempt_ms = 6000, .status = 500,
                                     .error = "HTTP 500", .duration_ms = 3},
                                    1001));
  ASSERT_TRUE(store_->FinishAttempt((*claimed)[1].id, {.state = DeliveryState::kDelivered, .status = 204}, 1001));
  EXPECT_TRUE(store_->ClaimDeliveries(2000, 60'000)->empty());
  auto retry = store_->ClaimDeliveries(6000, 60'000);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].message_id, "msg_0");
  EXPECT_EQ((*retry)[0].attempts, 1);
  ASSERT_TRUE(store_->FinishAttempt((*retry)[0].id, {.state = DeliveryState::kDelivered, .status = 200}, 6001));
  auto next = store_->ClaimDeliveries(6002, 60'000);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].message_id, "msg_1");
  auto log = store_->DeliveryAttempts((*retry)[0].id);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].status, 500);
  EXPECT_EQ((*log)[0].error, "HTTP 500");
  EXPECT_EQ((*log)[1].status, 200);
  auto listed = store_->ListDeliveries(a, "", 1);  // newest first, paged
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].message_id, "msg_1");
  auto page2 = store_->ListDeliveries(a, listed->next_cursor, 1);
  ASSERT_EQ(page2->items.size(), 1u);
  EXPECT_EQ(page2->items[0].message_id, "msg_0");
  EXPECT_EQ(page2->items[0].state, DeliveryState::kDelivered);
}

TEST_P(NotifyStoreTest, GoneDisablesTheEndpointUntilEnabledAndRedeliveryResends) {
  const std::int64_t hook = AddHook("http://127.0.0.1:1/a");
  ASSERT_TRUE(*store_->AddDeliveries(Deliveries(hook, 2), 0, 2, 1000));
  auto first = store_->ClaimDeliveries(1000, 60'000);
  ASSERT_EQ(first->size(), 1u);
  ASSERT_TRUE(store_->FinishAttempt((*first)[0].id,
                                    {.state = DeliveryState::kDead, .status = 410, .error = "410 Gone",
                                     .disable_endpoint = true},
                                    1001));
  EXPECT_FALSE((*store_->GetWebhook(hook))->enabled);
  EXPECT_EQ((*store_->GetWebhook(hook))->disabled_reason, "410 Gone");
  EXPECT_TRUE(store_->ClaimDeliveries(5000, 60'000)->empty());
  EXPECT_TRUE(*store_->EnableWebhook(hook));
  EXPECT_TRUE(*store_->Redeliver(hook, (*first)[0].id, 5000));
  EXPECT_FALSE(*store_->Redeliver(hook + 1, (*first)[0].id, 5000));  // another endpoint's id
  auto again = store_->ClaimDeliveries(5000, 60'000);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].message_id, "msg_0");  // the redelivered one goes first, with its id and body
  EXPECT_EQ((*again)[0].body, "{\"n\":0}");
}

TEST_P(NotifyStoreTest, TagsAreNewThenUnchangedThenMutated) {
  auto first = store_->ObserveTag("h/r", "1.0", "sha256:a", "watch", 100);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->is_new);
  auto same = store_->ObserveTag("h/r", "1.0", "sha256:a", "watch", 200);
  EXPECT_FALSE(same->is_new || same->mutated);
  auto moved = store_->ObserveTag("h/r", "1.0", "sha256:b", "watch", 300);
  EXPECT_TRUE(moved->mutated);
  EXPECT_EQ(moved->previous_digest, "sha256:a");
  EXPECT_EQ(moved->previous_seen_ms, 100);
  EXPECT_TRUE(store_->ObserveTag("h/r", "2.0", "sha256:b", "watch", 300)->is_new);
  // Only the move is an event, written with it.
  auto events = store_->EventsAfter(0, 10, {});
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "tag.mutated");
  EXPECT_EQ((*events)[0].digest, "sha256:b");
  EXPECT_EQ((*events)[0].repository, "h/r");
  EXPECT_NE((*events)[0].payload.find("\"old_digest\":\"sha256:a\""), std::string::npos) << (*events)[0].payload;
  EXPECT_TRUE(store_->ObserveTag("h/other", "1.0", "sha256:a", "watch", 300)->is_new);
}

TEST_P(NotifyStoreTest, HookEventsAreTakenOnceAndForgottenAfterAWhile) {
  EXPECT_FALSE(*store_->HookEventSeen("e1"));
  EXPECT_TRUE(*store_->FirstSeenHookEvent("e1", 1000, 0));
  EXPECT_TRUE(*store_->HookEventSeen("e1"));
  EXPECT_FALSE(*store_->FirstSeenHookEvent("e1", 2000, 0));
  EXPECT_TRUE(*store_->FirstSeenHookEvent("e2", 2000, 0));
  EXPECT_TRUE(*store_->FirstSeenHookEvent("e1", 9000, 1500));  // e1 (at 1000) was forgotten
}

TEST_P(NotifyStoreTest, DueWatchesAreClaimedOncePerInterval) {
  auto id = store_->AddWatch({.repository = "h/r", .tag_pattern = "v.*", .interval_ms = 60'000}, 1000);
  ASSERT_TRUE(id);
  auto due = store_->ClaimDueWatches(1000);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].tag_pattern, "v.*");
  EXPECT_TRUE(store_->ClaimDueWatches(30'000)->empty());
  EXPECT_EQ(store_->ClaimDueWatches(61'000)->size(), 1u);
  ASSERT_TRUE(store_->RecordWatchPoll(*id, "registry down", 61'000));
  auto listed = store_->ListWatches();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].last_error, "registry down");
  EXPECT_EQ((*listed)[0].last_poll_ms, 61'000);
  EXPECT_TRUE(*store_->DeleteWatch(*id));
  EXPECT_TRUE(store_->ListWatches()->empty());
}

}  // namespace
}  // namespace drydock
