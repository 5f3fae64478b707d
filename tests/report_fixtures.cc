#include "report_fixtures.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <map>

#include "cli_runner.h"
#include "test_images.h"

namespace drydock::e2e {

const std::string& ReportsAlpineDb() {
  static const std::string path = [] {
    std::string db = TempDirectory() + "/reports-alpine.db";
    auto built = RunDrydock("db build --secdb " + TestData("alpinelinux+alpine-secdb/v3.4/main.yaml") + " --secdb " +
                            TestData("alpinelinux+alpine-secdb/v3.10/main.yaml") + " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return db;
  }();
  return path;
}

const std::string& AppDb() {
  static const std::string path = [] {
    std::string db = TempDirectory() + "/reports-app.db";
    auto built = RunDrydock("db build --osv " + TestData("github+advisory-database/advisories") + " --osv " +
                            TestData("golang+vulndb/data/osv") + " --debian " +
                            TestData("anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json") +
                            " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return db;
  }();
  return path;
}

const std::string& Alpine34Image() {
  static const std::string path = MakeAlpine34Image();
  return path;
}

std::string SchemaViolations(const std::string& schema, const std::string& document) {
  const std::string cdx = TestData("CycloneDX+specification/schema/");
  const std::map<std::string, std::string> kSchemas = {
      {"cyclonedx-1.6", cdx + "bom-1.6.schema.json " + cdx + "spdx.schema.json " + cdx + "jsf-0.82.schema.json"},
      {"spdx-2.3", TestData("spdx+spdx-spec/schemas/spdx-2.3-schema.json")},
      {"sarif-2.1.0", TestData("oasis-tcs+sarif-spec/sarif-2.1/schema/sarif-schema-2.1.0.json")},
      {"openvex", TestData("openvex+spec/openvex_json_schema.json")},
  };
  auto found = kSchemas.find(schema);
  if (found == kSchemas.end()) return "unknown schema " + schema;
  std::string files = found->second;
  std::string first = files.substr(0, files.find(' '));
  std::string rest = files.find(' ') == std::string::npos ? "" : files.substr(files.find(' '));
  std::string command = "/usr/bin/python3 " + std::string(DRYDOCK_SOURCE_DIR) + "/tests/schema_check.py " + first +
                        " " + document + rest + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "cannot run " + command;
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : out.empty() ? "validator failed" : out;
}

}  // namespace drydock::e2e
