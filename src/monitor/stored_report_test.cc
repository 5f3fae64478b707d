// ReadStoredReport: a report written by WriteJsonReport reads back to the same document, and broken stored
// reports are refused with a message naming the member.
#include "monitor/stored_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "drydock/scanner.h"
#include "report/report.h"

namespace drydock {
namespace {

std::string Json(const ScanReport& report) {
  std::ostringstream out;
  WriteJsonReport(report, out);
  return out.str();
}

TEST(StoredReportTest, ARealScanRoundTripsByteForByte) {
  auto scanner = Scanner::Create({.threads = 1});
  ASSERT_TRUE(scanner) << scanner.error().message;
  ScanRequest request;
  request.kind = ScanKind::kImage;
  request.options.target = std::string(DRYDOCK_TESTDATA) + "/images/debian12-app.docker.tar.gz";
  request.options.scan_secrets = true;
  request.options.scan_config = true;
  auto report = (*scanner)->Scan(request);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_GT(report->packages.size(), 100u);
  ASSERT_FALSE(report->secrets.empty());
  // Fields a DB scan would add, so every member of the schema is exercised.
  report->vulnerabilities.push_back({.id = "CVE-2021-3918", .aliases = {"GHSA-xvch-5gv4-984h"},
                                     .package_id = report->packages[0].id, .package_name = "json-schema",
                                     .installed_version = "0.2.3", .fixed_version = "0.4.0", .status = "fixed",
                                     .severity = "CRITICAL", .severity_source = "ghsa", .cvss = "CVSS:3.1/AV:N",
                                     .kev = true, .epss = 0.25, .epss_percentile = 0.9, .title = "Prototype",
                                     .data_source = "osv", .layer_diff_id = report->packages[0].layer_diff_id,
                                     .path = "app/web/package-lock.json",
                                     .match = {"name", "npm", "0.2.3 < 0.4.0 (fixed)", "GHSA-xvch-5gv4-984h"},
                                     .base = true});
  report->artifact.os_end_of_life = "2028-06-30";
  report->artifact.base_image = BaseImageInfo{.name = "docker.io/library/debian", .tag = "12", .digest = "sha256:ab",
                                              .source = "index", .layers = 1,
                                              .candidates = {{"docker.io/library/debian", "12", "sha256:ab", "", true}}};
  report->misconfigurations.push_back({"DD-IMG-001", "HIGH", "root", "User is empty", "", 0, ""});
  const std::string first = Json(*report);
  auto read = ReadStoredReport(first, "debian12-app");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->packages.size(), report->packages.size());
  EXPECT_EQ(read->packages, report->packages);
  EXPECT_EQ(Json(*read), first);
}

TEST(StoredReportTest, BrokenReportsAreRefusedNamingTheMember) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "invalid JSON"},
      {"[1]", "not a JSON object"},
      {"{\"schema_version\": 2}", "schema_version 2"},
      {"{\"schema_version\": 1, \"packages\": {}}", "packages: expected an array"},
      {"{\"schema_version\": 1, \"packages\": [{\"name\": 7}]}", "packages[0].name: expected a string"},
      {"{\"schema_version\": 1, \"packages\": [3]}", "packages[0]: expected an object"},
      {"{\"schema_version\": 1, \"vulnerabilities\": [{\"match\": []}]}", "vulnerabilities[0].match"},
      {"{\"schema_version\": 1, \"artifact\": {\"layers\": [{\"diff_id\": false}]}}", "artifact.layers[0].diff_id"},
      {"{\"schema_version\": 1, \"secrets\": [{\"line\": \"x\"}]}", "secrets[0].line: expected a number"},
      {"{\"schema_version\": 1, \"artifact\": {\"config\": {\"labels\": []}}}", "labels: expected an object"},
      {std::string(200, '[') + std::string(200, ']'), "nested"},
  };
  for (const auto& [text, message] : cases) {
    auto read = ReadStoredReport(text, "sha256:x");
    ASSERT_FALSE(read) << text;
    EXPECT_NE(read.error().message.find(message), std::string::npos) << text << " -> " << read.error().message;
  }
  auto minimal = ReadStoredReport("{\"schema_version\": 1}", "sha256:x");
  ASSERT_TRUE(minimal) << minimal.error().message;
  EXPECT_TRUE(minimal->packages.empty());
}

}  // namespace
}  // namespace drydock
