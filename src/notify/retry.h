// What a delivery attempt's answer means: delivered (any 2xx), retried later (429, 408, 5xx, no answer), or
// given up (any other status; 410 Gone also disables the endpoint; and every delivery still failing a day after
// it was made). Pure, so the schedule is tested without a network.
#pragma once

#include <chrono>
#include <cstdint>

#include "notify/sender.h"
#include "store/notify_records.h"

namespace drydock {

inline constexpr std::chrono::hours kGiveUpAfter{24};
inline constexpr std::chrono::seconds kFirstRetry{1};
inline constexpr std::chrono::hours kMaxRetryDelay{1};      // between two attempts, by our own schedule
inline constexpr std::chrono::hours kMaxRetryAfter{6};      // the most a receiver's Retry-After may ask for

// `attempts_before` attempts were made before this one; `created_ms` is when the delivery was made.
AttemptOutcome JudgeAttempt(const WebhookAnswer& answer, int attempts_before, std::int64_t created_ms,
                            std::int64_t now_ms);

// The wait after attempt number `attempt` (1-based) failed: 1 s, 5 s, 25 s, ... capped at kMaxRetryDelay.
std::chrono::milliseconds BackoffAfter(int attempt);

// Retry-After as delta-seconds or an HTTP-date, as a wait from `now_ms`; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value, std::int64_t now_ms);

}  // namespace drydock
