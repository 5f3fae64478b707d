// GET /api/v1/images/{digest}/base: the image's identified base (from its stored report: name, tag, digest, the
// source that decided and why), whether the base's tag has moved on, and the base refresh's advice (which
// rebuild removes which findings). The image listing carries the short form (BaseSummaryJson).
#include <nlohmann/json.hpp>

#include "server/base_routes.h"
#include "server/http_util.h"

namespace drydock {
namespace {

using json = nlohmann::json;

void GetImageBase(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string digest = req.matches[1];
  if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "an image id is sha256: and 64 hex digits");
  auto report = context.store->ImageReport(digest);
  if (!report) return SendError(res, report.error());
  if (!*report) return SendError(res, 404, "not_found", fmt::format("no image {}", digest));
  const json doc = json::parse(**report, nullptr, /*allow_exceptions=*/false);
  json out = {{"digest", digest}, {"base", nullptr}, {"advised", false}, {"outdated", false}};
  if (doc.is_object() && doc.contains("artifact") && doc["artifact"].is_object() &&
      doc["artifact"].contains("base_image") && doc["artifact"]["base_image"].is_object()) {
    json base = doc["artifact"]["base_image"];
    base.erase("advice");  // the CLI's --base-advice, if the report came with it: the server's own is below
    out["base"] = std::move(base);
  }
  auto rows = context.store->ImageBasesOf({digest});
  if (!rows) return SendError(res, rows.error());
  if (!rows->empty() && rows->front().advised_ms != 0) {
    const ImageBase& row = rows->front();
    out["advised"] = true;
    out["advised_unix_ms"] = row.advised_ms;
    out["outdated"] = row.outdated;
    out["current_digest"] = row.current_digest;
    const json advice = json::parse(row.advice_json, nullptr, /*allow_exceptions=*/false);
    out["options"] = advice.is_object() && advice.contains("options") ? advice["options"] : json::array();
    const json recommended = advice.is_object() ? advice.value("recommended", json()) : json();
    out["recommended"] = recommended.is_number_unsigned() && recommended.get<std::size_t>() < out["options"].size()
                             ? out["options"][recommended.get<std::size_t>()]
                             : json();
  }
  SendJson(res, 200, out);
}

}  // namespace

nlohmann::json BaseSummaryJson(const ImageBase& row) {
  json out = {{"name", row.name},     {"tag", row.tag},           {"digest", row.base_digest},
              {"source", row.source}, {"advised", row.advised_ms != 0}, {"outdated", row.outdated}};
  const json advice = json::parse(row.advice_json, nullptr, /*allow_exceptions=*/false);
  if (advice.is_object() && advice.value("recommended", json()).is_number_unsigned()) {
    const json& options = advice["options"];
    const std::size_t n = advice["recommended"].get<std::size_t>();
    if (options.is_array() && n < options.size()) {
      const json& o = options[n];
      out["recommended"] = {{"kind", o.value("kind", "")}, {"name", o.value("name", "")}, {"tag", o.value("tag", "")},
                            {"digest", o.value("digest", "")},
                            {"removes", o.contains("removed") ? o["removed"].value("total", 0) : 0}};
    }
  }
  return out;
}

void RegisterBaseRoutes(httplib::Server& server, ApiContext& context) {
  server.Get(R"(/api/v1/images/([^/]+)/base)", [&context](const httplib::Request& req, httplib::Response& res) {
    GetImageBase(context, req, res);
  });
}

}  // namespace drydock
