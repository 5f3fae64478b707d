// drydock image|rootfs|fs|sbom --server URL: the scan's inventory, as CycloneDX (packages, no layer bytes), is
// posted to a drydock server, which matches it with its own DB and keeps it under the image's digest.
#include <fmt/core.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <sstream>

#include "cli/scan_flags.h"
#include "common/bounded_json.h"
#include "drydock/report_writer.h"

namespace drydock {

Status SendInventory(const ScanFlags& flags, const ScanReport& report) {
  std::string token = flags.token;
  if (const char* env = std::getenv("DRYDOCK_TOKEN"); token.empty() && env != nullptr) token = env;
  ScanReport inventory = report;
  inventory.vulnerabilities.clear();  // the server judges with its own DB
  std::ostringstream body;
  if (auto written = WriteReport(inventory, "cyclonedx", body); !written) return written;
  httplib::Client client(flags.server);
  client.set_connection_timeout(std::chrono::seconds(10));
  client.set_read_timeout(std::chrono::seconds(120));
  httplib::Params params = {{"name", report.artifact.name}};
  if (report.artifact.digest.starts_with("sha256:")) params.emplace("digest", report.artifact.digest);
  const std::string path = httplib::append_query_params("/api/v1/sboms", params);
  auto res = client.Post(path, {{"Authorization", "Bearer " + token}}, body.str(), "application/json");
  if (!res) return FailWith(ErrorCode::kUnavailable, "{}: {}", flags.server, httplib::to_string(res.error()));
  if (res->status != 201) {
    auto answer = nlohmann::json::parse(res->body, nullptr, false);
    std::string why = answer.is_object() && answer.contains("error") ? JsonString(answer["error"], "message") : "";
    return Fail("{} answered {}: {}", flags.server, res->status, why);
  }
  return {};
}

}  // namespace drydock
