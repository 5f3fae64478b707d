#include "notify/webhook_filter.h"

#include <algorithm>

#include "common/severity.h"

namespace drydock {

const std::vector<std::string_view>& KnownEventTypes() {
  static const std::vector<std::string_view> kTypes = {kEventFindingNew,    kEventFindingResolved,
                                                       kEventFindingChanged, kEventPolicyChanged,
                                                       kEventTagMutated,     kEventImageScanned,
                                                       kEventBaseOutdated};
  return kTypes;
}

bool WebhookWantsEvent(const Webhook& hook, const Event& event) {
  if (!hook.events.empty() && std::ranges::find(hook.events, event.type) == hook.events.end()) return false;
  if (hook.repositories.empty()) return true;
  return std::ranges::any_of(hook.repositories, [&](const std::string& pattern) {
    if (pattern.ends_with('*')) return event.repository.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1));
    return event.repository == pattern;
  });
}

bool PassesSeverity(const Webhook& hook, std::string_view event_type, std::string_view severity) {
  if (hook.min_severity.empty()) return true;
  if (event_type == kEventTagMutated || event_type == kEventPolicyChanged) return true;
  if (severity.empty()) return false;  // an image scanned clean, a finding without a rating: below any minimum
  return SeverityRank(severity) <= SeverityRank(hook.min_severity);
}

}  // namespace drydock
