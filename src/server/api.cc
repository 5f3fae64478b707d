#include "server/api.h"

#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>

#include "common/sha256.h"
#include "server/admission_routes.h"
#include "server/auth.h"
#include "server/base_routes.h"
#include "server/http_util.h"
#include "server/notify_routes.h"
#include "server/scan_job.h"
#include "server/ui.h"
#include "server/version_range.h"

namespace drydock {
namespace {

using json = nlohmann::json;

json JobJson(const Job& job) {
  json out = {{"id", job.id},          {"kind", job.kind},
              {"state", JobStateName(job.state)}, {"attempts", job.attempts},
              {"max_attempts", job.max_attempts}, {"created_unix_ms", job.created_unix_ms}};
  if (json payload = json::parse(job.payload, nullptr, false); payload.is_object()) out["request"] = payload;
  if (!job.error.empty()) out["error"] = job.error;
  if (!job.result.empty()) out["image_digest"] = job.result;
  if (job.finished_unix_ms != 0) out["finished_unix_ms"] = job.finished_unix_ms;
  return out;
}

template <class T>
json PageJson(const Page<T>& page, json items) {
  json out = {{"items", std::move(items)}};
  if (!page.next_cursor.empty()) out["next_cursor"] = page.next_cursor;
  return out;
}

// The scope a request needs: reading is GET, asking for work POST, removing DELETE.
Scope NeededScope(const httplib::Request& req) {
  if (req.method == "DELETE") return Scope::kAdmin;
  if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") return Scope::kScan;
  return Scope::kRead;
}

void Log(const ApiContext& context, std::string_view line) {
  if (context.options->log) context.options->log(line);
}

// A client certificate the handshake verified against the configured CA (an unverifiable one ends the handshake;
// the result is checked again here all the same).
bool HasVerifiedClientCertificate(const httplib::Request& req) {
  if (req.ssl == nullptr) return false;
  X509* peer = SSL_get1_peer_certificate(req.ssl);
  if (peer == nullptr) return false;
  X509_free(peer);
  return SSL_get_verify_result(req.ssl) == X509_V_OK;
}

// The bearer check, before routing and before any body is read: an unauthenticated upload is refused unread.
httplib::Server::HandlerResponse Authenticate(ApiContext& context, const httplib::Request& req,
                                              httplib::Response& res) {
  ++context.requests;
  if (req.path == "/healthz" || req.path == "/readyz") return httplib::Server::HandlerResponse::Unhandled;
  // The API server may prove itself with a client certificate instead of a token (ServerOptions::admission_client_ca);
  // such a certificate admits to the webhook and nowhere else.
  if (req.path == kAdmissionPath && !context.options->admission_client_ca.empty() &&
      HasVerifiedClientCertificate(req)) {
    return httplib::Server::HandlerResponse::Unhandled;
  }
  if (req.method == "GET" && IsUiPath(req.path)) return httplib::Server::HandlerResponse::Unhandled;  // static files
  const std::string authorization = req.get_header_value("Authorization");  // the token views into it
  const std::string_view token = BearerToken(authorization);
  std::optional<std::string> scopes;
  if (!token.empty() && token.size() <= 256) {
    const std::string hash = HashApiToken(token);
    scopes = context.token_scopes.Get(hash);
    if (!scopes) {
      auto found = context.store->TokenScopes(hash);
      if (!found) {
        SendError(res, found.error());
        return httplib::Server::HandlerResponse::Handled;
      }
      scopes = *found;
      // Only known tokens: a new token works at once, and guessed ones cannot fill the cache.
      if (scopes) context.token_scopes.Put(hash, *scopes, context.options->token_cache_ttl);
    }
  }
  if (!scopes) {
    ++context.unauthorized;
    // Logged without the token: a mistyped token is still someone's secret.
    Log(context, fmt::format("401 {} {} from {}: {} bearer token", req.method, req.path, req.remote_addr,
                             token.empty() ? "no" : "unknown"));
    res.set_header("WWW-Authenticate", "Bearer");
    SendError(res, 401, "unauthorized", token.empty() ? "this route needs an API token (Authorization: Bearer ...)"
                                                      : "the API token is not known");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!ScopesAllow(*scopes, NeededScope(req))) {
    SendError(res, 403, "forbidden", fmt::format("the token's scopes ({}) do not allow {} {}", *scopes, req.method,
                                                 req.path));
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void PostScan(ApiContext& context, const httplib::Request&, const std::string& text, httplib::Response& res) {
  auto body = ParseBody(text);
  if (!body) return SendError(res, body.error());
  if (!body->is_object() || !body->contains("image") || !(*body)["image"].is_string()) {
    return SendError(res, 400, "invalid_input", "expected {\"image\": \"registry/repository:tag\", \"platform\": ...}");
  }
  std::string platform;
  if (auto p = body->find("platform"); p != body->end()) {
    if (!p->is_string()) return SendError(res, 400, "invalid_input", "\"platform\" must be a string");
    platform = p->get<std::string>();
  }
  auto job = MakeScanJob((*body)["image"].get<std::string>(), platform);
  if (!job) return SendError(res, job.error());
  auto queued = context.store->Enqueue(*job, NowMs());
  if (!queued) return SendError(res, queued.error());
  ++context.scans_requested;
  if (context.workers != nullptr) context.workers->Nudge();
  res.set_header("Location", fmt::format("/api/v1/jobs/{}", queued->id));
  SendJson(res, 202, {{"job_id", queued->id}, {"deduplicated", !queued->created}});
}

void GetJob(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
    return SendError(res, 400, "invalid_input", "a job id is a number");
  }
  auto job = context.store->GetJob(std::stoll(id));
  if (!job) return SendError(res, job.error());
  if (!*job) return SendError(res, 404, "not_found", fmt::format("no job {}", id));
  SendJson(res, 200, JobJson(**job));
}

void ListImages(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto limit = PageLimit(req);
  auto cursor = PageCursor(req);
  if (!limit) return SendError(res, limit.error());
  if (!cursor) return SendError(res, cursor.error());
  auto page = context.store->ListImages(*cursor, *limit);
  if (!page) return SendError(res, page.error());
  std::vector<std::string> digests;
  for (const ImageSummary& image : page->items) digests.push_back(image.digest);
  auto running = context.store->RunningDigests(digests);  // deployments (admission, pod listings)
  if (!running) return SendError(res, running.error());
  auto bases = context.store->ImageBasesOf(digests);
  if (!bases) return SendError(res, bases.error());
  json items = json::array();
  for (const ImageSummary& image : page->items) {
    auto severities = context.store->ImageFindingsBySeverity(image.digest);
    if (!severities) return SendError(res, severities.error());
    json by_severity = json::object();
    for (const auto& [severity, count] : *severities) by_severity[severity] = count;
    items.push_back({{"digest", image.digest}, {"repository", image.repository}, {"tags", image.tags},
                     {"platform", image.platform}, {"os", image.os}, {"scanned_unix", image.scanned_unix},
                     {"packages", image.packages}, {"vulnerabilities", image.findings},
                     {"running", std::find(running->begin(), running->end(), image.digest) != running->end()},
                     {"severities", std::move(by_severity)}});
    for (const ImageBase& base : *bases) {
      if (base.digest == image.digest) items.back()["base"] = BaseSummaryJson(base);
    }
  }
  SendJson(res, 200, PageJson(*page, std::move(items)));
}

void GetImage(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string digest = req.matches[1];
  if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "an image id is sha256: and 64 hex digits");
  auto report = context.store->ImageReport(digest);
  if (!report) return SendError(res, report.error());
  if (!*report) return SendError(res, 404, "not_found", fmt::format("no image {}", digest));
  res.status = 200;
  res.set_content(std::move(**report), "application/json");
}

void DeleteImage(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string digest = req.matches[1];
  if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "an image id is sha256: and 64 hex digits");
  auto deleted = context.store->DeleteImage(digest);
  if (!deleted) return SendError(res, deleted.error());
  if (!*deleted) return SendError(res, 404, "not_found", fmt::format("no image {}", digest));
  res.status = 204;
}

void Affected(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  if (!IsAdvisoryId(id)) return SendError(res, 400, "invalid_input", "not an advisory id (CVE-..., GHSA-..., ...)");
  auto limit = PageLimit(req);
  auto cursor = PageCursor(req);
  if (!limit) return SendError(res, limit.error());
  if (!cursor) return SendError(res, cursor.error());
  auto page = context.store->Affected(id, *cursor, *limit);
  if (!page) return SendError(res, page.error());
  json items = json::array();
  for (const AffectedImage& a : page->items) {
    items.push_back({{"digest", a.digest}, {"repository", a.repository}, {"tags", a.tags}, {"id", a.vulnerability},
                     {"package", a.package}, {"installed_version", a.installed_version},
                     {"fixed_version", a.fixed_version}, {"severity", a.severity},
                     {"layer_diff_id", a.layer_diff_id}, {"created_by", a.created_by}, {"path", a.path}});
  }
  SendJson(res, 200, PageJson(*page, std::move(items)));
}

void Packages(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string purl = req.get_param_value("purl");
  if (!purl.starts_with("pkg:") || purl.size() > 512) {
    return SendError(res, 400, "invalid_input", "?purl= must be a package URL (pkg:type/namespace/name)");
  }
  auto purl_base = PurlBase(purl);
  if (!purl_base) {
    return SendError(res, 400, "invalid_input",
                     fmt::format("?purl= is not a package URL: {}", purl_base.error().message));
  }
  std::vector<VersionBound> bounds;
  if (req.has_param("range")) {
    auto parsed = ParseVersionRange(req.get_param_value("range"));
    if (!parsed) return SendError(res, parsed.error());
    bounds = std::move(*parsed);
  }
  auto limit = PageLimit(req);
  auto cursor = PageCursor(req);
  if (!limit) return SendError(res, limit.error());
  if (!cursor) return SendError(res, cursor.error());
  auto keep = [&](const PackageHolder& p) { return InVersionRange(p.ecosystem, p.version, bounds); };
  auto page = context.store->PackagesByPurl(*purl_base, keep, *cursor, *limit);
  if (!page) return SendError(res, page.error());
  json items = json::array();
  for (const PackageHolder& p : page->items) {
    items.push_back({{"digest", p.digest}, {"repository", p.repository}, {"tags", p.tags}, {"ecosystem", p.ecosystem},
                     {"name", p.name}, {"version", p.version}, {"purl", p.purl}, {"layer_diff_id", p.layer_diff_id},
                     {"path", p.path}});
  }
  SendJson(res, 200, PageJson(*page, std::move(items)));
}

// An SBOM (CycloneDX or SPDX JSON, or drydock's own CycloneDX) is matched now and stored like a scanned image:
// under ?digest= (the image's, when `drydock image --server` sends the inventory it made) or else the SHA-256 of
// its bytes, with ?name= as its repository and ?tag= as its tag. It never replaces the scan of a container image
// stored under the same digest (the store refuses: 409), and admission judges only such scans, so a scan token
// (CI's, a registry's) cannot speak for an image that was scanned, nor let one in.
// The body is parsed once, by the SBOM reader (bounded depth, malformed JSON is kInvalidInput naming the line):
// parsing it here first as well cost a third of the ingest time.
void PostSbom(ApiContext& context, const httplib::Request& req, const std::string& body, httplib::Response& res) {
  // An empty sbom_text means "read the file named by the target" to the scanner: never for a request.
  if (body.empty()) return SendError(res, 400, "invalid_input", "the body must be an SBOM (CycloneDX or SPDX JSON)");
  const std::string name = req.has_param("name") ? req.get_param_value("name") : "sbom";
  const std::string tag = req.get_param_value("tag");
  if (name.empty() || name.size() > 512 || tag.size() > 128) {
    return SendError(res, 400, "invalid_input", "?name= is 1-512 characters and ?tag= at most 128");
  }
  std::string digest = "sha256:" + Sha256::HexOf(body);
  if (req.has_param("digest")) {
    digest = req.get_param_value("digest");
    if (!IsImageDigest(digest)) return SendError(res, 400, "invalid_input", "?digest= is sha256: and 64 hex digits");
  }
  ScanRequest request;
  request.kind = ScanKind::kSbom;
  request.options.target = name;
  request.sbom_text = body;
  request.timeout = std::chrono::seconds(60);
  auto report = context.scanner->Scan(request);
  if (!report) return SendError(res, report.error());
  report->artifact.digest = digest;
  if (auto stored = StoreReport(*context.store, *report, digest, name, tag, "", context.scanner->Db().built_at);
      !stored) {
    return SendError(res, stored.error());
  }
  ++context.sboms_ingested;
  SendJson(res, 201, {{"digest", digest}, {"packages", report->packages.size()},
                      {"vulnerabilities", report->vulnerabilities.size()}});
}

}  // namespace

void RegisterApi(httplib::Server& server, ApiContext& context) {
  server.set_payload_max_length(context.options->max_body_bytes);
  context.bodies = std::make_unique<BodyRoutes>(context.options->max_body_bytes);
  // Bodies are judged by their headers before anything else: an oversized upload is refused unread.
  server.set_pre_routing_handler([&context](const httplib::Request& req, httplib::Response& res) {
    // httplib hands the pre-routing handler its own, non-const Request as const; this is the one place a
    // request header can be changed before httplib chooses the response's compression from it.
    PreferGzip(const_cast<httplib::Request&>(req));
    if (GateBody(*context.bodies, req, res) == httplib::Server::HandlerResponse::Handled) {
      return httplib::Server::HandlerResponse::Handled;
    }
    return Authenticate(context, req, res);
  });
  // A client that asks first (Expect: 100-continue, as curl does for large uploads) hears the refusal before
  // sending a byte.
  server.set_expect_100_continue_handler([&context](const httplib::Request& req, httplib::Response& res) {
    return GateBody(*context.bodies, req, res) == httplib::Server::HandlerResponse::Handled ? res.status : 100;
  });
  // Unknown routes, 413s and other errors httplib answers itself get the same JSON body as ours.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                    httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404) {
      SendError(res, 404, "not_found", fmt::format("no route {} {}", req.method, req.path.substr(0, 200)));
    } else if (res.status == 413) {
      SendError(res, 413, "too_large", "the request body is over the server's limit");
    } else {
      SendError(res, res.status, res.status >= 500 ? "internal" : "invalid_input", fmt::format("HTTP {}", res.status));
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "internal", "the request could not be handled");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { SendJson(res, 200, {{"status", "ok"}}); });
  server.Get("/readyz", [&context](const httplib::Request&, httplib::Response& res) {
    if (auto counts = context.store->CountJobs(); !counts) return SendError(res, 503, "unavailable", counts.error().message);
    SendJson(res, 200, {{"status", "ready"}, {"db_generation", context.scanner->Db().generation}});
  });
  server.Get("/metrics", [&context](const httplib::Request&, httplib::Response& res) {
    res.set_content(MetricsText(context), "text/plain; version=0.0.4");
  });
  // A worker process serves health and metrics only; requests go to the API processes.
  if (context.options->role == ServerRole::kWorker) return;
  auto bind = [&context](auto handler) {
    return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
  };
  auto bind_body = [&context](auto handler) {
    return [&context, handler](const httplib::Request& req, const std::string& body, httplib::Response& res) {
      handler(context, req, body, res);
    };
  };
  context.bodies->Post(server, "/api/v1/scans", bind_body(PostScan), {.max_bytes = kMaxScanRequestBytes});
  context.bodies->Post(server, "/api/v1/sboms", bind_body(PostSbom));
  server.Get(R"(/api/v1/jobs/([^/]+))", bind(GetJob));
  server.Get("/api/v1/images", bind(ListImages));
  server.Get(R"(/api/v1/images/([^/]+))", bind(GetImage));
  server.Delete(R"(/api/v1/images/([^/]+))", bind(DeleteImage));
  server.Get(R"(/api/v1/vulnerabilities/([^/]+)/affected)", bind(Affected));
  server.Get("/api/v1/packages", bind(Packages));
  RegisterNotifyRoutes(server, context);
  RegisterEventsApi(server, context);
  RegisterAdmissionRoutes(server, context);
  RegisterBaseRoutes(server, context);
  RegisterUi(server);
}

}  // namespace drydock
