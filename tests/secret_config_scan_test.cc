// --scanners vuln,config,secret end to end on debian12-app. Expectations come from the image itself
// (images/debian12-app.txt and the archive: `tar xOf <layer4>.tar app/config/.env` prints
// AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE; the config has no User, DB_PASSWORD=hunter2, ExposedPorts 22/tcp, and
// history[3] echoes the same key, history[4] records the ENV step).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

constexpr const char* kLayer4 = "sha256:91b004b6b2d96954dcbaa7a27d50d93849a0c32a0437c9567ff7962ca1be7d95";
constexpr const char* kAwsKey = "AKIAIOSFODNN7EXAMPLE";

TEST(SecretConfigScanTest, DebianAppReportsRootPasswordSshAndAwsKeyWithLayers) {
  auto result = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") +
                           " --scanners vuln,config,secret --skip-db -f json -q");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json report = json::parse(result.out);
  // Masked everywhere, history commands in artifact.layers[].created_by included.
  EXPECT_EQ(result.out.find(kAwsKey), std::string::npos);
  EXPECT_EQ(result.out.find("hunter2"), std::string::npos);
  EXPECT_NE(report["artifact"]["layers"][3]["created_by"].get<std::string>().find("AWS_ACCESS_KEY_ID=****"), std::string::npos)
      << report["artifact"]["layers"][3]["created_by"];

  std::multiset<std::string> ids;
  for (const json& m : report["misconfigurations"]) ids.insert(m["id"].get<std::string>());
  EXPECT_EQ(ids, (std::multiset<std::string>{"DD-IMG-001", "DD-IMG-002", "DD-IMG-003", "DD-IMG-003", "DD-IMG-004",
                                             "DD-IMG-005"}));
  for (const json& m : report["misconfigurations"]) {
    if (m["id"] == "DD-IMG-001") { EXPECT_EQ(m["evidence"], "no USER set"); }
    if (m["id"] == "DD-IMG-002") { EXPECT_EQ(m["evidence"], "env DB_PASSWORD has a value"); }
    if (m["id"] == "DD-IMG-005") { EXPECT_EQ(m["evidence"], "EXPOSE 22/tcp"); }
  }

  std::set<std::tuple<std::string, std::string, std::string, std::size_t, std::string>> secrets;
  for (const json& s : report["secrets"]) {
    secrets.insert({s["rule_id"].get<std::string>(), s["source"].get<std::string>(), s["path"].get<std::string>(),
                    s["line"].get<std::size_t>(), s["layer_diff_id"].get<std::string>()});
    if (s["rule_id"] == "aws-access-key-id") { EXPECT_EQ(s["match"], "AKIA****************"); }
    EXPECT_EQ(s["removed_in_layer"], "");
  }
  using Row = std::tuple<std::string, std::string, std::string, std::size_t, std::string>;
  EXPECT_EQ(secrets, (std::set<Row>{{"aws-access-key-id", "file", "/app/config/.env", 1, kLayer4},
                                    {"aws-access-key-id", "history", "history[3]", 1, ""},
                                    {"sensitive-env", "env", "DB_PASSWORD", 0, ""}}));
}

// History is printed by several reporters whether or not secrets are scanned; none may quote the key.
TEST(SecretConfigScanTest, NoFormatQuotesHistorySecrets) {
  for (const char* format : {"json", "table", "sarif", "cyclonedx", "spdx-json", "junit", "html"}) {
    auto result = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") + " --skip-db -q -f " + format);
    ASSERT_EQ(result.exit_code, 0) << format << ": " << result.err;
    EXPECT_EQ(result.out.find(kAwsKey), std::string::npos) << format;
    EXPECT_EQ(result.out.find("hunter2"), std::string::npos) << format;
  }
}

TEST(SecretConfigScanTest, TableShowsSectionsAndDefaultIsVulnOnly) {
  const std::string image = TestData("images/debian12-app.docker.tar.gz");
  auto table = RunDrydock("image " + image + " --scanners config,secret -q");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("/app/config/.env:1 (layer sha256:91b004b6b2d9)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("DD-IMG-005"), std::string::npos);
  auto plain = RunDrydock("image " + image + " --skip-db -f json -q");
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_TRUE(json::parse(plain.out)["secrets"].empty());
  EXPECT_TRUE(json::parse(plain.out)["misconfigurations"].empty());
  EXPECT_EQ(RunDrydock("image " + image + " --scanners vuln,bogus --skip-db").exit_code, 2);
  EXPECT_EQ(RunDrydock("image " + image + " --scanners secret --exit-code 5 -q").exit_code, 5);
}

TEST(SecretConfigScanTest, MinimalDebianHasNoSecrets) {
  auto result = RunDrydock("image " + TestData("images/debian12-minbase.docker.tar.gz") +
                           " --scanners config,secret -f json -q");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json report = json::parse(result.out);
  EXPECT_TRUE(report["secrets"].empty()) << report["secrets"].dump();
  std::multiset<std::string> ids;
  for (const json& m : report["misconfigurations"]) ids.insert(m["id"].get<std::string>());
  EXPECT_EQ(ids, (std::multiset<std::string>{"DD-IMG-001", "DD-IMG-004"}));  // no USER, tag latest
}

}  // namespace
}  // namespace drydock::e2e
