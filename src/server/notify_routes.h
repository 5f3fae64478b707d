// Routes for alerts and registry watching, each group in its own file and registered from RegisterApi:
//   webhook_routes.cc        /api/v1/webhooks (endpoints, their delivery log, redelivery)
//   watch_routes.cc          /api/v1/watches
//   registry_hook_routes.cc  POST /hooks/registry (the registry's push notifications)
// Making or removing an endpoint or a watch needs the admin scope: both make the server send requests out.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>

#include "server/api.h"
#include "server/auth.h"

namespace drydock {

void RegisterWebhookRoutes(httplib::Server& server, ApiContext& context);
void RegisterWatchRoutes(httplib::Server& server, ApiContext& context);
void RegisterRegistryHookRoutes(httplib::Server& server, ApiContext& context);

inline void RegisterNotifyRoutes(httplib::Server& server, ApiContext& context) {
  RegisterWebhookRoutes(server, context);
  RegisterWatchRoutes(server, context);
  RegisterRegistryHookRoutes(server, context);
}

// The pre-routing check allowed the request by its method; routes that need more ask again. False (and the
// 403 sent) when the request's token lacks `needed`.
bool RequireScope(ApiContext& context, const httplib::Request& req, httplib::Response& res, Scope needed);

// A numeric id from a path match; nullopt (and a 400 sent) otherwise.
std::optional<std::int64_t> PathId(const std::string& text, httplib::Response& res);

}  // namespace drydock
