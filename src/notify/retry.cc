#include "notify/retry.h"

#include <curl/curl.h>
#include <fmt/core.h>

#include <algorithm>
#include <optional>

namespace drydock {

std::chrono::milliseconds BackoffAfter(int attempt) {
  std::chrono::milliseconds wait = kFirstRetry;
  for (int i = 1; i < attempt && wait < kMaxRetryDelay; ++i) wait *= 5;
  return std::min<std::chrono::milliseconds>(wait, kMaxRetryDelay);
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value, std::int64_t now_ms) {
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string::npos) {
    if (value.size() > 9) return kMaxRetryAfter;
    return std::chrono::seconds(std::stoll(value));
  }
  // An HTTP-date (RFC 9110 IMF-fixdate and the two obsolete forms): curl's own date parser reads all three.
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::milliseconds(std::max<std::int64_t>(0, std::int64_t{when} * 1000 - now_ms));
}

AttemptOutcome JudgeAttempt(const WebhookAnswer& answer, int attempts_before, std::int64_t created_ms,
                            std::int64_t now_ms) {
  AttemptOutcome out{.status = static_cast<int>(answer.status), .duration_ms = answer.duration_ms};
  const long s = answer.status;
  if (s >= 200 && s < 300) {
    out.state = DeliveryState::kDelivered;
    return out;
  }
  if (s == 410) {
    out.state = DeliveryState::kDead;
    out.error = "410 Gone: the endpoint is disabled until it is enabled again";
    out.disable_endpoint = true;
    return out;
  }
  const bool retryable = s == 0 || s == 408 || s == 429 || s >= 500;
  out.error = s == 0 ? answer.error : fmt::format("HTTP {}", s);
  if (s >= 300 && s < 400) out.error += " (redirects are not followed)";
  if (!retryable) {
    out.state = DeliveryState::kDead;
    return out;
  }
  std::chrono::milliseconds wait = BackoffAfter(attempts_before + 1);
  if (auto asked = ParseRetryAfter(answer.retry_after, now_ms); asked) {
    wait = std::min<std::chrono::milliseconds>(std::max(*asked, std::chrono::milliseconds(0)), kMaxRetryAfter);
  }
  const std::int64_t give_up_ms = created_ms + std::chrono::milliseconds(kGiveUpAfter).count();
  if (now_ms + wait.count() >= give_up_ms) {
    out.state = DeliveryState::kDead;
    out.error += fmt::format("; still failing after {} attempts over a day: given up", attempts_before + 1);
    return out;
  }
  out.state = DeliveryState::kPending;
  out.next_attempt_ms = now_ms + wait.count();
  return out;
}

}  // namespace drydock
