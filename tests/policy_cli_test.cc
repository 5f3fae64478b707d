// Verdicts through the CLI on the Alpine 3.4 image (57 findings from alpine-secdb v3.4/main): ignore files in
// both forms, the default .drydockignore, OpenVEX input, --show-suppressed, and broken policy files.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = TempDirectory() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

CommandResult Scan(const std::string& flags) {
  return RunDrydock("image " + Alpine34Image() + " --db " + ReportsAlpineDb() + " -f json " + flags);
}

// CVE-2016-8859 hits musl and musl-utils (both from origin musl); CVE-2016-9840 hits zlib.
TEST(PolicyCliTest, IgnoreFileSuppressesAndExpiredEntriesWarn) {
  std::string ignore = WriteFile("ignore", "CVE-2016-8859 pkg=musl # patched downstream\n"
                                           "CVE-2016-9840 exp:2020-01-01 # long expired\n");
  auto result = Scan("--ignorefile " + ignore + " --show-suppressed");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  EXPECT_EQ(report["vulnerabilities"].size(), 56u);
  ASSERT_EQ(report["suppressed"].size(), 1u);
  EXPECT_EQ(report["suppressed"][0]["package_name"], "musl");
  EXPECT_EQ(report["suppressed"][0]["justification"], "patched downstream");
  EXPECT_EQ(report["suppressed"][0]["suppressed_by"], "ignore file " + ignore + ":1");
  EXPECT_NE(result.err.find(ignore + ":2 ignore entry for CVE-2016-9840 expired on 2020-01-01"), std::string::npos)
      << result.err;
  // Without --show-suppressed the report keeps its usual shape.
  EXPECT_FALSE(json::parse(Scan("-q --ignorefile " + ignore).out).contains("suppressed"));
}

TEST(PolicyCliTest, YamlIgnoreFileAndDefaultDrydockignore) {
  std::string yaml = WriteFile("ignore.yaml", "vulnerabilities:\n  - id: CVE-2016-8859\n    statement: accepted\n");
  EXPECT_EQ(json::parse(Scan("-q --ignorefile " + yaml).out)["vulnerabilities"].size(), 55u);
  std::string dir = TempDirectory() + "/cwd";
  Shell("mkdir -p " + dir + " && printf 'CVE-2016-8859\\n' > " + dir + "/.drydockignore");
  Shell("cd " + dir + " && " + DRYDOCK_BINARY_DIR + "/drydock image " + Alpine34Image() + " --db " +
        ReportsAlpineDb() + " -f json -q > out.json");
  EXPECT_EQ(json::parse(Shell("cat " + dir + "/out.json"))["vulnerabilities"].size(), 55u);
}

TEST(PolicyCliTest, OpenVexNotAffectedKeepsJustification) {
  std::string vex = WriteFile("vex.json", R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x",
    "author": "t", "timestamp": "2023-01-01T00:00:00Z", "version": 1, "statements": [
    {"vulnerability": {"name": "CVE-2016-9840"}, "products": [{"@id": "pkg:apk/alpine/zlib@1.2.8-r2"}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
    {"vulnerability": {"name": "CVE-2016-9841"}, "products": [{"@id": "pkg:apk/alpine/zlib@1.0"}],
     "status": "not_affected", "justification": "component_not_present"}]})");
  EXPECT_EQ(SchemaViolations("openvex", vex), "");
  json report = json::parse(Scan("-q --vex " + vex + " --show-suppressed").out);
  EXPECT_EQ(report["vulnerabilities"].size(), 56u);  // the second statement names another zlib version
  ASSERT_EQ(report["suppressed"].size(), 1u);
  EXPECT_EQ(report["suppressed"][0]["suppression"], "not_affected");
  EXPECT_EQ(report["suppressed"][0]["justification"], "vulnerable_code_not_in_execute_path");
  auto table = RunDrydock("image " + Alpine34Image() + " --db " + ReportsAlpineDb() + " -q --vex " + vex +
                          " --show-suppressed");
  EXPECT_NE(table.out.find("Suppressed: 1"), std::string::npos) << table.out;
}

TEST(PolicyCliTest, IgnoreStatusDropsByStatus) {
  json report = json::parse(Scan("-q --ignore-status fixed").out);
  EXPECT_TRUE(report["vulnerabilities"].empty());  // every secdb finding has status fixed
}

TEST(PolicyCliTest, BrokenPolicyFilesNameFileAndLine) {
  std::string bad_ignore = WriteFile("bad-ignore", "CVE-1\nCVE-2 exp:2020-02-31\n");
  auto ignore = Scan("--ignorefile " + bad_ignore);
  EXPECT_EQ(ignore.exit_code, 3);
  EXPECT_NE(ignore.err.find(bad_ignore + ":2: expiry"), std::string::npos) << ignore.err;
  std::string bad_vex = WriteFile("bad-vex.json", "{\n\"@context\": \"https://openvex.dev/ns\",\n\"statements\": [\n");
  auto vex = Scan("--vex " + bad_vex);
  EXPECT_EQ(vex.exit_code, 3);
  EXPECT_NE(vex.err.find(bad_vex + ":4: invalid JSON"), std::string::npos) << vex.err;
  auto missing = Scan("--vex /nonexistent/vex.json");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("/nonexistent/vex.json"), std::string::npos);
}

}  // namespace
}  // namespace drydock::e2e
