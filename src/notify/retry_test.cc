#include "notify/retry.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

WebhookAnswer Status(long status, std::string retry_after = "") {
  return WebhookAnswer{.status = status, .retry_after = std::move(retry_after)};
}

TEST(WebhookRetry, Any2xxIsDelivered) {
  for (long s : {200L, 201L, 202L, 204L, 299L}) {
    EXPECT_EQ(JudgeAttempt(Status(s), 0, kNow, kNow).state, DeliveryState::kDelivered) << s;
  }
}

TEST(WebhookRetry, ServerErrorsThrottlingAndNoAnswerAreRetriedWithGrowingWaits) {
  for (long s : {0L, 408L, 429L, 500L, 502L, 503L, 504L}) {
    AttemptOutcome out = JudgeAttempt(Status(s), 0, kNow, kNow);
    EXPECT_EQ(out.state, DeliveryState::kPending) << s;
    EXPECT_EQ(out.next_attempt_ms, kNow + 1000) << s;
  }
  EXPECT_EQ(BackoffAfter(1), std::chrono::seconds(1));
  EXPECT_EQ(BackoffAfter(2), std::chrono::seconds(5));
  EXPECT_EQ(BackoffAfter(3), std::chrono::seconds(25));
  EXPECT_EQ(BackoffAfter(30), std::chrono::hours(1));
  EXPECT_EQ(JudgeAttempt(Status(500), 2, kNow, kNow).next_attempt_ms, kNow + 25'000);
}

TEST(WebhookRetry, RetryAfterIsHonouredInSecondsAndAsAnHttpDate) {
  EXPECT_EQ(JudgeAttempt(Status(429, "120"), 0, kNow, kNow).next_attempt_ms, kNow + 120'000);
  EXPECT_EQ(JudgeAttempt(Status(503, "0"), 3, kNow, kNow).next_attempt_ms, kNow);
  // 1700000000 s is Tue, 14 Nov 2023 22:13:20 GMT; ask for 40 s later.
  EXPECT_EQ(JudgeAttempt(Status(429, "Tue, 14 Nov 2023 22:14:00 GMT"), 0, kNow, kNow).next_attempt_ms,
            kNow + 40'000);
  // A date in the past means now; an absurd wait is capped; garbage falls back to the schedule.
  EXPECT_EQ(JudgeAttempt(Status(429, "Tue, 14 Nov 2023 20:00:00 GMT"), 0, kNow, kNow).next_attempt_ms, kNow);
  EXPECT_EQ(JudgeAttempt(Status(429, "99999999999"), 0, kNow - 1, kNow).next_attempt_ms,
            kNow + std::chrono::milliseconds(kMaxRetryAfter).count());
  EXPECT_EQ(JudgeAttempt(Status(429, "soon, please"), 0, kNow, kNow).next_attempt_ms, kNow + 1000);
}

TEST(WebhookRetry, GivesUpAfterADay) {
  const std::int64_t created = kNow - std::chrono::milliseconds(std::chrono::hours(23)).count();
  AttemptOutcome late = JudgeAttempt(Status(500), 20, created, kNow);
  EXPECT_EQ(late.state, DeliveryState::kDead);
  EXPECT_NE(late.error.find("given up"), std::string::npos);
  EXPECT_EQ(JudgeAttempt(Status(500), 1, created, kNow).state, DeliveryState::kPending);  // 5 s still fits
}

TEST(WebhookRetry, GoneDisablesTheEndpointAndOtherAnswersAreFinal) {
  AttemptOutcome gone = JudgeAttempt(Status(410), 0, kNow, kNow);
  EXPECT_EQ(gone.state, DeliveryState::kDead);
  EXPECT_TRUE(gone.disable_endpoint);
  for (long s : {301L, 302L, 307L, 400L, 401L, 403L, 404L, 413L}) {
    AttemptOutcome out = JudgeAttempt(Status(s), 0, kNow, kNow);
    EXPECT_EQ(out.state, DeliveryState::kDead) << s;
    EXPECT_FALSE(out.disable_endpoint) << s;
  }
  EXPECT_NE(JudgeAttempt(Status(302), 0, kNow, kNow).error.find("redirects are not followed"), std::string::npos);
}

}  // namespace
}  // namespace drydock
