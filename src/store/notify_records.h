// What the store keeps for alerts and registry watching: webhook endpoints, their deliveries (one per event and
// endpoint, each with its attempts), registry watches, the last digest seen behind each tag, and the registry
// notification ids already taken (dedupe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drydock {

struct Webhook {
  std::int64_t id = 0;
  std::string url;
  std::string secret;  // "whsec_<base64>"; only the notifier reads it: never logged, never in an API answer
  std::vector<std::string> events;        // event types wanted; empty = every type
  std::string min_severity;               // "HIGH": summaries whose worst finding is below are not sent; "" = all
  std::vector<std::string> repositories;  // "registry/team/app" or a prefix ending in '*'; empty = every one
  std::string format = "standard";        // "standard" or "slack"
  bool per_finding = false;               // one event per finding instead of one summary per image
  bool enabled = true;                    // false once the endpoint answered 410 Gone
  std::string disabled_reason;
  std::int64_t created_ms = 0;
};

enum class DeliveryState { kPending, kDelivered, kDead };
std::string_view DeliveryStateName(DeliveryState state);  // "pending", "delivered", "dead"

struct NewDelivery {
  std::int64_t webhook_id = 0;
  std::string message_id;  // the webhook-id header: the same on every attempt and on redelivery
  std::string event_type;
  std::string body;  // rendered once, when the event is fanned out, so every attempt sends the same bytes
};

struct Delivery {
  std::int64_t id = 0;
  std::int64_t webhook_id = 0;
  std::string message_id, event_type, body;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::int64_t next_attempt_ms = 0;
  int last_status = 0;  // HTTP status of the last attempt; 0 = none or no answer
  std::string last_error;
  std::int64_t created_ms = 0, finished_ms = 0;
};

struct DeliveryAttempt {
  std::int64_t at_ms = 0;
  int status = 0;
  std::string error;
  std::int64_t duration_ms = 0;
};

// What one attempt came to, written with the attempt's log line.
struct AttemptOutcome {
  DeliveryState state = DeliveryState::kPending;  // pending: retry at next_attempt_ms
  std::int64_t next_attempt_ms = 0;
  int status = 0;
  std::string error;
  std::int64_t duration_ms = 0;
  bool disable_endpoint = false;  // 410 Gone
};

struct Watch {
  std::int64_t id = 0;
  std::string repository;  // "127.0.0.1:5000/team/app"
  std::string tag_pattern;  // ECMAScript regex, matched against the whole tag
  std::int64_t interval_ms = 0;
  std::int64_t next_poll_ms = 0, last_poll_ms = 0;
  std::string last_error;
  std::int64_t created_ms = 0;
};

// What ObserveTag found: a tag never seen, one whose digest moved, or one unchanged.
struct TagChange {
  bool is_new = false;
  bool mutated = false;
  std::string previous_digest;
  std::int64_t previous_seen_ms = 0;
};

}  // namespace drydock
