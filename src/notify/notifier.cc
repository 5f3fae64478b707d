#include "notify/notifier.h"

#include <fmt/core.h>

#include <map>
#include <vector>

#include "notify/render.h"
#include "notify/retry.h"
#include "notify/sender.h"
#include "notify/signature.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxParallelSends = 8;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A full batch may end inside one image's summary group (its events were committed together, but the batch
// limit cut them): that group waits for the next batch, unless it is the whole batch.
std::size_t WholeGroups(const std::vector<Event>& events, std::size_t batch) {
  if (events.size() < batch || events.empty() || !IsSummarised(events.back())) return events.size();
  std::size_t keep = events.size();
  const Event& last = events.back();
  while (keep > 0 && IsSummarised(events[keep - 1]) && events[keep - 1].digest == last.digest &&
         events[keep - 1].generation == last.generation) {
    --keep;
  }
  return keep == 0 ? events.size() : keep;
}

// The attempt for one delivery: sign, post, judge.
AttemptOutcome Attempt(const Webhook& hook, const Delivery& delivery, const WebhookAddressPolicy& addresses) {
  auto key = WebhookSecretKey(hook.secret);
  if (!key) {
    return AttemptOutcome{.state = DeliveryState::kDead, .error = "the endpoint's secret is unreadable"};
  }
  const std::int64_t now_ms = NowMs();
  const std::int64_t timestamp = now_ms / 1000;
  WebhookPost post{.url = hook.url,
                   .headers = {"Content-Type: application/json", "webhook-id: " + delivery.message_id,
                               fmt::format("webhook-timestamp: {}", timestamp),
                               "webhook-signature: " + SignWebhook(*key, delivery.message_id, timestamp, delivery.body)},
                   .body = delivery.body,
                   .addresses = &addresses};
  const WebhookAnswer answer = PostWebhook(post);
  return JudgeAttempt(answer, delivery.attempts, delivery.created_ms, NowMs());
}

}  // namespace

std::string UrlOrigin(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "(unparsed URL)";
  const std::size_t end = url.find_first_of("/?#", scheme + 3);
  std::string_view origin = url.substr(0, end);
  // userinfo ("user:pass@host") is a credential too.
  if (const std::size_t at = origin.rfind('@'); at != std::string_view::npos && at > scheme) {
    return std::string(origin.substr(0, scheme + 3)) + std::string(origin.substr(at + 1));
  }
  return std::string(origin);
}

void Notifier::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void Notifier::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void Notifier::Nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void Notifier::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto sent = RunOnce();
    if (!sent && config_.log) config_.log(fmt::format("webhooks: {}", sent.error().message));
    if (sent && *sent > 0) continue;  // an endpoint's next delivery may be due right away
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, config_.poll, [this] { return nudged_; });
    nudged_ = false;
  }
}

Result<int> Notifier::RunOnce() {
  if (auto fanned = FanOut(); !fanned) return std::unexpected(fanned.error());
  return SendDue();
}

Status Notifier::FanOut() {
  for (;;) {
    auto cursor = store_.NotifyCursor();
    if (!cursor) return std::unexpected(cursor.error());
    auto events = store_.EventsAfter(*cursor, config_.batch, {});
    if (!events) return std::unexpected(events.error());
    if (events->empty()) return {};
    events->resize(WholeGroups(*events, config_.batch));
    auto hooks = store_.ListWebhooks();
    if (!hooks) return std::unexpected(hooks.error());
    std::vector<NewDelivery> deliveries;
    for (const Webhook& hook : *hooks) {
      auto rendered = RenderDeliveries(hook, *events);
      deliveries.insert(deliveries.end(), std::make_move_iterator(rendered.begin()),
                        std::make_move_iterator(rendered.end()));
    }
    auto added = store_.AddDeliveries(deliveries, *cursor, events->back().id, NowMs());
    if (!added) return std::unexpected(added.error());
    // false: another process fanned these out first; read the cursor again.
  }
}

Result<int> Notifier::SendDue() {
  auto due = store_.ClaimDeliveries(NowMs(), config_.lease.count());
  if (!due) return std::unexpected(due.error());
  if (due->empty()) return 0;
  auto hooks = store_.ListWebhooks();
  if (!hooks) return std::unexpected(hooks.error());
  std::map<std::int64_t, const Webhook*> by_id;
  for (const Webhook& hook : *hooks) by_id[hook.id] = &hook;
  std::vector<AttemptOutcome> outcomes(due->size());
  // One thread per endpoint's head delivery (at most kMaxParallelSends at once): a slow endpoint does not hold
  // back the others.
  for (std::size_t start = 0; start < due->size(); start += kMaxParallelSends) {
    std::vector<std::jthread> senders;
    for (std::size_t i = start; i < std::min(due->size(), start + kMaxParallelSends); ++i) {
      auto hook = by_id.find((*due)[i].webhook_id);
      if (hook == by_id.end()) continue;  // deleted meanwhile; its deliveries went with it
      senders.emplace_back([&, i, h = hook->second] { outcomes[i] = Attempt(*h, (*due)[i], config_.addresses); });
    }
  }
  int attempts = 0;
  for (std::size_t i = 0; i < due->size(); ++i) {
    const Delivery& d = (*due)[i];
    auto hook = by_id.find(d.webhook_id);
    if (hook == by_id.end()) continue;
    const AttemptOutcome& out = outcomes[i];
    ++attempts;
    if (auto recorded = store_.FinishAttempt(d.id, out, NowMs()); !recorded) return std::unexpected(recorded.error());
    if (config_.log && out.state != DeliveryState::kDelivered) {
      config_.log(fmt::format("webhook {} ({}): delivery {} {}: {}{}", d.webhook_id, UrlOrigin(hook->second->url),
                              d.id, d.event_type, out.error,
                              out.state == DeliveryState::kPending ? " (will retry)" : " (dead)"));
    }
  }
  return attempts;
}

}  // namespace drydock
