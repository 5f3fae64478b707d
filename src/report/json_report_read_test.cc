// ReadJsonReport is WriteJsonReport's inverse: a report with every optional field set comes back byte for byte,
// and broken reports are refused with a reason.
#include <gtest/gtest.h>

#include <sstream>

#include "report/report.h"

namespace drydock {
namespace {

ScanReport FullReport() {
  ScanReport r;
  r.artifact = {.name = "127.0.0.1:5000/shop/app:1", .type = "container_image", .digest = "sha256:ab",
                .os = {.family = "debian", .version = "10"}, .os_end_of_life = "2024-06-30",
                .layers = {{"sha256:l1", "sha256:d1", "ADD rootfs /"}, {"sha256:l2", "sha256:d2", "RUN npm ci"}},
                .config = {.user = "app", .env_names = {"PATH", "DB_PASSWORD"}, .exposed_ports = {"22/tcp", "8080/tcp"},
                           .entrypoint = {"/app"}, .cmd = {"serve", "--port=8080"}, .created = "2026-01-02T03:04:05Z",
                           .labels = {{"org.opencontainers.image.source", "https://example.com/app"}}},
                .base_image = BaseImageInfo{.name = "docker.io/library/debian", .tag = "10", .digest = "sha256:bb",
                                            .source = "index", .layers = 1,
                                            .candidates = {{"docker.io/library/debian", "10", "sha256:bb", "2024", false}}}};
  r.packages = {{.id = "deb:openssl@1.1.1n", .name = "openssl", .version = "1.1.1n-0+deb10u3", .ecosystem = "deb",
                 .source_name = "openssl", .source_version = "1.1.1n-0+deb10u3", .arch = "amd64",
                 .purl = "pkg:deb/debian/openssl@1.1.1n-0+deb10u3?arch=amd64&distro=debian-10", .licenses = {"OpenSSL"},
                 .layer_diff_id = "sha256:d1", .path = "var/lib/dpkg/status", .base = true},
                {.id = "npm:lodash@4.17.15", .name = "lodash", .version = "4.17.15", .ecosystem = "npm",
                 .module = "m:1", .purl = "pkg:npm/lodash@4.17.15", .layer_diff_id = "sha256:d2",
                 .path = "app/node_modules/lodash/package.json", .dev = true}};
  r.vulnerabilities = {{.id = "GHSA-35jh-r3h4-6jhm", .aliases = {"CVE-2021-23337"}, .package_id = "npm:lodash@4.17.15",
                        .package_name = "lodash", .installed_version = "4.17.15", .fixed_version = "4.17.21",
                        .status = "fixed", .severity = "HIGH", .severity_source = "ghsa",
                        .cvss = "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", .kev = true, .epss = 0.25,
                        .epss_percentile = 0.9, .title = "Command Injection in lodash", .data_source = "ghsa",
                        .layer_diff_id = "sha256:d2", .path = "app/node_modules/lodash/package.json",
                        .match = {"name", "npm", "4.17.15 < 4.17.21 (fixed)", "GHSA-35jh-r3h4-6jhm"}, .base = true}};
  r.errors = {{"catalog:npm", "app/x.json", "truncated"}};
  r.secrets = {{.rule_id = "aws-access-key-id", .category = "AWS", .severity = "CRITICAL", .title = "AWS key",
                .source = "file", .path = "app/.env", .line = 3, .layer_diff_id = "sha256:d2", .match = "AKIA****",
                .removed_in_layer = "sha256:d3"}};
  r.misconfigurations = {{"DD-IMG-005", "HIGH", "port 22", "22/tcp", "", 0, ""}};
  r.suppressed = {{.finding = r.vulnerabilities[0], .by = "ignore file .drydockignore:3", .status = "ignored",
                   .justification = "not reachable"}};
  r.policy = PolicyVerdict{.file = "p.yaml", .passed = false,
                           .rules = {{"POL-1", "HIGH", "no ssh", "deny", false, {"22/tcp exposed"}}}};
  return r;
}

std::string Json(const ScanReport& report) {
  std::ostringstream out;
  WriteJsonReport(report, out);
  return out.str();
}

TEST(ReadJsonReport, RoundTripsEveryField) {
  const std::string written = Json(FullReport());
  auto read = ReadJsonReport(written);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(Json(*read), written);
  EXPECT_EQ(read->packages, FullReport().packages);
  EXPECT_EQ(read->vulnerabilities[0].aliases, std::vector<std::string>{"CVE-2021-23337"});
  EXPECT_EQ(read->artifact.os_end_of_life, "2024-06-30");
  EXPECT_FALSE(read->artifact.base_image->candidates[0].current);
  // An empty report too.
  ScanReport empty;
  empty.artifact.name = "x";
  auto none = ReadJsonReport(Json(empty));
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(Json(*none), Json(empty));
}

TEST(ReadJsonReport, RefusesBrokenReports) {
  const std::pair<std::string, std::string> broken[] = {
      {"", "invalid JSON"},
      {"[1]", "not an object"},
      {R"({"schema_version": 2, "artifact": {}})", "schema_version 2"},
      {R"({"schema_version": "1", "artifact": {}})", "schema_version \"1\""},
      {R"({"schema_version": 1})", "no artifact"},
      {R"({"schema_version": 1, "artifact": {)", "invalid JSON"},
      {std::string(200, '[') + std::string(200, ']'), "deeper"},
  };
  for (const auto& [text, why] : broken) {
    auto read = ReadJsonReport(text);
    ASSERT_FALSE(read) << why;
    EXPECT_NE(read.error().message.find(why), std::string::npos) << read.error().message;
  }
  EXPECT_FALSE(ReadJsonReport(Json(FullReport()), 100));  // over the size bound
  // Members of the wrong type are skipped, never thrown on.
  auto odd = ReadJsonReport(R"({"schema_version": 1, "artifact": {"name": 5, "layers": [1, {"digest": 2}]},
                               "packages": [7, {"name": ["x"], "licenses": "MIT", "dev": "yes"}],
                               "vulnerabilities": {"id": "x"}, "policy": {"rules": 3}})");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ(odd->packages.size(), 1u);
  EXPECT_TRUE(odd->vulnerabilities.empty());
  EXPECT_EQ(odd->artifact.layers.size(), 1u);
}

}  // namespace
}  // namespace drydock
