// Which outbox events an endpoint wants: its event types, its repositories and its minimum severity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/events.h"
#include "store/notify_records.h"

namespace drydock {

// Event types made by this folder and the scan path (the DB-generation ones are store/events.h's).
inline constexpr std::string_view kEventImageScanned = "image.scanned";
// The summary a webhook gets by default instead of finding.* and policy.changed events one by one.
inline constexpr std::string_view kEventImageSummary = "image.summary";

// Every type a webhook may subscribe to, for the API's validation.
const std::vector<std::string_view>& KnownEventTypes();

// Types and repositories only: "repo" matches exactly, "prefix*" as a prefix.
bool WebhookWantsEvent(const Webhook& hook, const Event& event);

// min_severity: whether `severity` (the worst of what is being sent) is at least the webhook's minimum. Events
// that carry no severity (tag.mutated, policy.changed) always pass: they are not about one finding's weight.
bool PassesSeverity(const Webhook& hook, std::string_view event_type, std::string_view severity);

}  // namespace drydock
