// Standard Webhooks signing (https://www.standardwebhooks.com): each request carries webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256 of "id.timestamp.body">",
// keyed with the endpoint's secret "whsec_<base64 of 24-64 random bytes>". Any receiver library for the
// format (svix, standardwebhooks) verifies what this signs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::string_view kWebhookSecretPrefix = "whsec_";

// A new secret from the OS's CSPRNG: "whsec_" + base64 of 32 random bytes.
Result<std::string> NewWebhookSecret();

// The key bytes of a secret; kInvalidInput when it is not "whsec_" + base64 of 24 to 64 bytes.
Result<std::string> WebhookSecretKey(std::string_view secret);

// "v1,<base64>" over "id.timestamp.body". `key` is WebhookSecretKey's result.
std::string SignWebhook(std::string_view key, std::string_view message_id, std::int64_t timestamp_s,
                        std::string_view body);

}  // namespace drydock
