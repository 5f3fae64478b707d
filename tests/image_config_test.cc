// Image config facts end to end: what the report says about how debian12-app runs (images/debian12-app.txt),
// and that env values, which hold secrets, reach no output format.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

// The password set with ENV in debian12-app's config.
constexpr const char* kEnvSecret = "hunter2";

TEST(ImageConfigTest, JsonNamesUserEnvPortsAndCmd) {
  for (const std::string& target : {TestData("images/debian12-app.docker.tar.gz"),
                                    "oci:" + TestData("images/debian12-app.oci.tar")}) {
    auto result = RunDrydock("image " + target + " --skip-db -f json -q");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find(kEnvSecret), std::string::npos) << target;
    const json config = json::parse(result.out)["artifact"]["config"];
    EXPECT_EQ(config["user"], "") << target;
    EXPECT_EQ(config["env_names"], json({"PATH", "DB_PASSWORD", "NODE_ENV"})) << target;
    EXPECT_EQ(config["exposed_ports"], json({"22/tcp", "8080/tcp"})) << target;
    EXPECT_EQ(config["entrypoint"], json::array()) << target;
    EXPECT_EQ(config["cmd"], json({"node", "/app/web/index.js"})) << target;
  }
}

TEST(ImageConfigTest, TableSummarisesConfigWithoutEnvValues) {
  auto result = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") + " --skip-db");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find(kEnvSecret), std::string::npos);
  EXPECT_EQ(result.err.find(kEnvSecret), std::string::npos);
  EXPECT_NE(result.out.find("Runs as root (no USER); cmd: node /app/web/index.js; ports: 22/tcp, 8080/tcp; "
                            "env: PATH, DB_PASSWORD, NODE_ENV"),
            std::string::npos)
      << result.out;
}

// Each package names the history step that added it through its layer: layer 2's diff_id maps to the
// apt-get step in artifact.layers.
TEST(ImageConfigTest, PackagesMapToTheHistoryStepThatAddedThem) {
  auto result = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") + " --skip-db -f json -q");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  std::map<std::string, std::string> step_by_diff_id;
  for (const auto& layer : report["artifact"]["layers"]) step_by_diff_id[layer["diff_id"]] = layer["created_by"];
  for (const auto& p : report["packages"]) {
    if (p["name"] != "curl") continue;
    EXPECT_NE(step_by_diff_id.at(p["layer_diff_id"]).find("apt-get install"), std::string::npos);
    // The report says it on the package too, so a reader needs no join.
    EXPECT_EQ(p["layer_created_by"], step_by_diff_id.at(p["layer_diff_id"]));
    return;
  }
  FAIL() << "curl not found";
}

}  // namespace
}  // namespace drydock::e2e
