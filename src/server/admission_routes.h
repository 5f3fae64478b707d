// Deploy-time routes: the admission webhook (POST /admission/v1/validate, no token: the API server calls it over
// TLS), where images run (POST /api/v1/deployments with a pod listing, GET /api/v1/images/{digest}/deployments),
// and a stored image's SBOM (GET /api/v1/images/{digest}/sbom, CycloneDX).
#pragma once

#include <httplib.h>

#include <string_view>

namespace drydock {

struct ApiContext;

inline constexpr std::string_view kAdmissionPath = "/admission/v1/validate";

void RegisterAdmissionRoutes(httplib::Server& server, ApiContext& context);

}  // namespace drydock
