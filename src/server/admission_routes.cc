#include "server/admission_routes.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "admission/pod_list.h"
#include "admission/review.h"
#include "report/report.h"
#include "server/admission_service.h"
#include "server/api.h"
#include "server/http_util.h"

namespace drydock {
namespace {

using json = nlohmann::json;

// The API server sends at most ~3 MiB; a bigger "review" is not one (400, as for any malformed review). Bodies up
// to four times that are read whole and refused by the parser, so the client hears the 400 on an intact
// connection; larger ones are refused from their Content-Length (or while read) and the connection closed.
constexpr BodyLimit kReviewLimit{.max_bytes = 4 * admission::kMaxReviewBytes, .too_large_status = 400};

bool IsClusterName(std::string_view name) {
  return !name.empty() && name.size() <= 128 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_") == std::string_view::npos;
}

void Validate(ApiContext& context, const std::string& body, httplib::Response& res) {
  if (context.admission == nullptr) {
    return SendError(res, 503, "unavailable",
                     "the admission webhook is not configured: start drydock server with --admission-policy FILE");
  }
  auto request = admission::ParseAdmissionReview(body);
  if (!request) return SendError(res, 400, "invalid_input", request.error().message);
  admission::AdmissionDecision decision = context.admission->Review(*request);
  res.status = 200;
  res.set_content(admission::ResponseJson(request->uid, decision), "application/json");
}

// A `kubectl get pods -A -o json` snapshot of one cluster (?cluster=, default "default"): what it shows runs,
// what it no longer shows has stopped.
void PostDeployments(ApiContext& context, const httplib::Request& req, const std::string& body, httplib::Response& res) {
  const std::string cluster = req.has_param("cluster") ? req.get_param_value("cluster") : "default";
  if (!IsClusterName(cluster)) {
    return SendError(res, 400, "invalid_input", "?cluster= is 1-128 of a-z 0-9 . - _");
  }
  auto listing = admission::ParsePodList(body);
  if (!listing) return SendError(res, listing.error());
  std::vector<Deployment> rows;
  for (const admission::RunningImage& i : listing->images) {
    rows.push_back({.digest = i.digest, .cluster = cluster, .namespace_name = i.namespace_name, .kind = i.kind,
                    .name = i.name, .image = i.image, .source = "pods"});
  }
  if (auto stored = context.store->ReplaceRunning(cluster, rows, NowMs()); !stored) return SendError(res, stored.error());
  SendJson(res, 200, {{"cluster", cluster}, {"pods", listing->pods}, {"images", rows.size()},
                      {"unresolved", listing->unresolved}});
}

void ImageDeployments(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string digest = req.matches[1];
  if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "an image id is sha256: and 64 hex digits");
  auto rows = context.store->DeploymentsOf(digest);
  if (!rows) return SendError(res, rows.error());
  json items = json::array();
  bool running = false;
  for (const Deployment& d : *rows) {
    running = running || d.running;
    items.push_back({{"cluster", d.cluster}, {"namespace", d.namespace_name}, {"kind", d.kind}, {"name", d.name},
                     {"image", d.image}, {"source", d.source}, {"first_seen_unix_ms", d.first_seen_ms},
                     {"last_seen_unix_ms", d.last_seen_ms}, {"running", d.running}});
  }
  SendJson(res, 200, {{"digest", digest}, {"running", running}, {"items", std::move(items)}});
}

// The stored report written again by the CycloneDX reporter: the same SBOM `drydock image -f cyclonedx` makes.
void ImageSbom(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string digest = req.matches[1];
  if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "an image id is sha256: and 64 hex digits");
  auto stored = context.store->ImageReport(digest);
  if (!stored) return SendError(res, stored.error());
  if (!*stored) return SendError(res, 404, "not_found", fmt::format("no image {}", digest));
  auto report = ReadJsonReport(**stored);
  if (!report) return SendError(res, 500, "internal", fmt::format("stored report of {}: {}", digest, report.error().message));
  std::ostringstream out;
  FindReporter("cyclonedx")->write(*report, out);
  res.status = 200;
  res.set_content(out.str(), "application/vnd.cyclonedx+json");
}

}  // namespace

void RegisterAdmissionRoutes(httplib::Server& server, ApiContext& context) {
  context.bodies->Post(
      server, std::string(kAdmissionPath),
      [&context](const httplib::Request&, const std::string& body, httplib::Response& res) { Validate(context, body, res); },
      kReviewLimit);
  context.bodies->Post(
      server, "/api/v1/deployments",
      [&context](const httplib::Request& req, const std::string& body, httplib::Response& res) {
        PostDeployments(context, req, body, res);
      },
      {.max_bytes = admission::kMaxPodListBytes});
  server.Get(R"(/api/v1/images/([^/]+)/deployments)",
             [&context](const httplib::Request& req, httplib::Response& res) { ImageDeployments(context, req, res); });
  server.Get(R"(/api/v1/images/([^/]+)/sbom)",
             [&context](const httplib::Request& req, httplib::Response& res) { ImageSbom(context, req, res); });
}

}  // namespace drydock
