// One webhook POST on libcurl. Redirects are not followed (a 3xx is an answer like any other: a receiver that
// moved must be re-registered, and following would let an endpoint bounce signed events elsewhere).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "notify/address_guard.h"

namespace drydock {

inline constexpr std::chrono::milliseconds kWebhookTimeout{10000};  // connect to last byte

struct WebhookPost {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; the signature is one: never logged
  std::string body;
  std::chrono::milliseconds timeout = kWebhookTimeout;
  // Which addresses may be connected to; null = the default policy (no loopback, private or link-local).
  const WebhookAddressPolicy* addresses = nullptr;
};

struct WebhookAnswer {
  long status = 0;          // 0 when there was no HTTP answer (refused, timed out, TLS)
  std::string retry_after;  // the Retry-After header, as sent
  std::string error;        // what went wrong at the transport, "" with an answer
  std::int64_t duration_ms = 0;
};

// Sends and waits for the answer (the body is read and dropped, at most a few KiB of it kept for nothing).
WebhookAnswer PostWebhook(const WebhookPost& post);

}  // namespace drydock
