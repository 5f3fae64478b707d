// Outbox events as the messages an endpoint receives. By default the finding.* and policy.changed events of one
// image and one DB generation become one image.summary (the worst severity, counts, the fixed versions to
// upgrade to): one alert per image per DB change, not one per CVE. With per_finding, each event is its own
// message. Bodies are Standard Webhooks JSON ({"type", "timestamp", "data"}) or a Slack incoming-webhook body.
#pragma once

#include <span>
#include <vector>

#include "store/events.h"
#include "store/notify_records.h"

namespace drydock {

// The deliveries `hook` gets for `events` (oldest first), in event order; those it does not want are left out.
// Message ids are "msg_<first event id>_<webhook id>": the same if a batch is ever rendered again.
std::vector<NewDelivery> RenderDeliveries(const Webhook& hook, std::span<const Event> events);

// True for the types a summary folds together (finding.*, policy.changed from one DB generation).
bool IsSummarised(const Event& event);

}  // namespace drydock
