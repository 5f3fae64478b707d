// The base-image routes (base_routes.cc) and the short form of an image's base the image listing carries.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server/api.h"
#include "store/store.h"

namespace drydock {

void RegisterBaseRoutes(httplib::Server& server, ApiContext& context);

// {name, tag, digest, source, advised, outdated, recommended?: {kind, name, tag, digest, removes}}.
nlohmann::json BaseSummaryJson(const ImageBase& row);

}  // namespace drydock
