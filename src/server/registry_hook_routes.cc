// POST /hooks/registry: the registry's push notifications. Authenticated like every route (the registry is
// configured to send "Authorization: Bearer <token with the scan scope>" in its endpoint's headers); answers as
// soon as the pushes are recorded and their scans queued, so the registry's queue never backs up on a scan.
// Each event id is taken once (registries re-send an envelope until it is acknowledged).
// The registry an event names is the endpoint's ?registry=HOST[:PORT] when the registry's notifications config
// gives it: an event's own request.host is the Host header the pusher sent, so without it anyone who may push to
// one repository could have drydock record and scan a tag of any other registry (docker.io/library/nginx:latest
// moved to the pusher's digest).
#include <nlohmann/json.hpp>

#include "monitor/registry_watch.h"
#include "notify/notifier.h"
#include "monitor/registry_watch_envelope.h"
#include "server/http_util.h"
#include "server/notify_routes.h"

namespace drydock {
namespace {

constexpr std::chrono::hours kRememberEventIds{24 * 7};

bool EnvelopeMediaType(const std::string& content_type) {
  const std::string type = content_type.substr(0, content_type.find(';'));
  return type == "application/vnd.docker.distribution.events.v1+json" ||
         type == "application/vnd.docker.distribution.events.v2+json" || type == "application/json";
}

// A registry host as a notifications endpoint URL names it: lower case, an optional port.
bool IsRegistryHost(std::string_view host) {
  return !host.empty() && host.size() <= 256 &&
         host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-:[]") == std::string_view::npos;
}

void PostRegistryHook(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string configured = req.has_param("registry") ? req.get_param_value("registry") : "";
  if (req.has_param("registry") && !IsRegistryHost(configured)) {
    return SendError(res, 400, "invalid_input", "?registry= is the registry's HOST[:PORT]");
  }
  if (!EnvelopeMediaType(req.get_header_value("Content-Type"))) {
    return SendError(res, 415, "invalid_input",
                     "expected Content-Type application/vnd.docker.distribution.events.v1+json (or v2+json)");
  }
  auto envelope = ParseRegistryEnvelope(req.body);
  if (!envelope) return SendError(res, envelope.error());
  const std::int64_t now = NowMs();
  int queued = 0, duplicates = 0, untagged = 0, mutated = 0;
  nlohmann::json tracked_tags = nlohmann::json::array();
  for (const ManifestPush& push : envelope->pushes) {
    auto seen = context.store->HookEventSeen(push.event_id);
    if (!seen) return SendError(res, seen.error());  // 503 when busy: the registry sends the envelope again
    if (*seen) {
      ++duplicates;
      continue;
    }
    // A push by digest alone is a platform manifest of a multi-arch push (or an artifact): the tag's own event
    // covers the image.
    if (push.tag.empty()) {
      ++untagged;
    } else {
      const std::string repository = (configured.empty() ? push.host : configured) + "/" + push.repository;
      auto tracked =
          TrackTag(*context.store, context.queue_scan, repository, push.tag, push.digest, "registry-hook", now);
      if (!tracked) return SendError(res, tracked.error());
      queued += tracked->queued;
      mutated += tracked->mutated;
      tracked_tags.push_back(repository + ":" + push.tag);
    }
    // Taken only once handled: an envelope that failed above is handled again when the registry re-sends it.
    auto taken = context.store->FirstSeenHookEvent(push.event_id, now,
                                                   now - std::chrono::milliseconds(kRememberEventIds).count());
    if (!taken) return SendError(res, taken.error());
  }
  if (mutated > 0 && context.notifier != nullptr) context.notifier->Nudge();
  SendJson(res, 200, {{"queued", queued}, {"duplicates", duplicates}, {"untagged", untagged},
                      {"ignored", envelope->ignored}, {"tags", std::move(tracked_tags)}});
}

}  // namespace

void RegisterRegistryHookRoutes(httplib::Server& server, ApiContext& context) {
  server.Post("/hooks/registry", [&context](const httplib::Request& req, httplib::Response& res) {
    PostRegistryHook(context, req, res);
  });
}

}  // namespace drydock
