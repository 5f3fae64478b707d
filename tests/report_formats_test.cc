// Every machine-readable format, for real scans of the Alpine and Debian images, validated against its official
// schema (CycloneDX 1.6, SPDX 2.3, SARIF 2.1.0) and checked against the images' own package databases.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

struct Target {
  std::string name;  // for messages and file names
  std::string path;
};

std::vector<Target> Targets() {
  return {{"alpine-310", TestData(kAlpine310)},
          {"alpine-34", Alpine34Image()},
          {"debian12-minbase", TestData("images/debian12-minbase.docker.tar.gz")},
          {"debian12-app", TestData("images/debian12-app.docker.tar.gz")}};
}

std::string Write(const Target& target, const std::string& format, const std::string& extra = "") {
  std::string out = TempDirectory() + "/" + target.name + "." + format + (extra.empty() ? "" : ".x");
  auto result = RunDrydock("image " + target.path + " --db " + ReportsAlpineDb() + " -q -f " + format + " -o " +
                           out + " " + extra);
  EXPECT_EQ(result.exit_code, 0) << target.name << " " << format << ": " << result.err;
  return out;
}

json Load(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// "name version" per package, from the image's own database (tar + awk for apk, dpkg-query for Debian).
std::set<std::string> Oracle(const Target& target) {
  std::string listing;
  if (target.name.starts_with("debian")) {
    listing = Shell("cut -f1,2 " + TestData("images/" + target.name + ".dpkg-query.txt") + " | tr '\\t' ' '");
  } else {
    std::string unpack = target.name == "alpine-310" ? "tar -xzOf " + target.path + " --wildcards '*/layer.tar'"
                                                     : "tar -xOf " + target.path + " layer.tar";
    listing = Shell(unpack + " | tar -xO lib/apk/db/installed | awk -F: '/^P:/{p=$2} /^V:/{print p\" \"$2}'");
  }
  std::set<std::string> rows;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) rows.insert(line);
  }
  return rows;
}

TEST(ReportFormatsTest, CycloneDxIsValidAndListsExactlyThePackages) {
  for (const Target& target : Targets()) {
    std::string path = Write(target, "cyclonedx");
    EXPECT_EQ(SchemaViolations("cyclonedx-1.6", path), "") << target.name;
    json bom = Load(path);
    EXPECT_EQ(bom["specVersion"], "1.6");
    std::set<std::string> listed;
    // The OS packages against the package database; the app image's npm, PyPI, Go and Maven packages have
    // their own oracles in the catalogers' tests.
    const std::string os_purl = target.name.starts_with("debian") ? "pkg:deb/debian/" : "pkg:apk/alpine/";
    for (const auto& c : bom["components"]) {
      if (!c["purl"].get<std::string>().starts_with(os_purl)) {
        EXPECT_FALSE(c["purl"].get<std::string>().starts_with("pkg:apk")) << c["purl"];
        continue;
      }
      listed.insert(c["name"].get<std::string>() + " " + c["version"].get<std::string>());
    }
    EXPECT_EQ(listed, Oracle(target)) << target.name;
    // The root depends on every component.
    EXPECT_EQ(bom["dependencies"][0]["dependsOn"].size(), bom["components"].size());
  }
}

// alpine-secdb v3.4/main.yaml lists musl 1.1.14-r13 for CVE-2016-8859; the image has musl 1.1.14-r10.
TEST(ReportFormatsTest, CycloneDxVulnerabilitiesCarryRatingsAffectsAndAnalysis) {
  json bom = Load(Write({"alpine-34", Alpine34Image()}, "cyclonedx"));
  ASSERT_EQ(bom["vulnerabilities"].size(), 57u);
  bool seen = false;
  for (const auto& v : bom["vulnerabilities"]) {
    EXPECT_EQ(v["ratings"][0]["severity"], "unknown");  // secdb gives no severities
    EXPECT_EQ(v["analysis"]["state"], "in_triage");
    std::string ref = v["affects"][0]["ref"];
    if (v["id"] == "CVE-2016-8859" && ref.starts_with("apk:musl@")) {
      seen = true;
      EXPECT_EQ(v["affects"][0]["versions"][0]["version"], "1.1.14-r10");
      EXPECT_EQ(v["recommendation"], "Upgrade musl to 1.1.14-r13");
    }
    bool known = false;
    for (const auto& c : bom["components"]) known = known || c["bom-ref"] == ref;
    EXPECT_TRUE(known) << ref;
  }
  EXPECT_TRUE(seen);
  json sbom_only = Load(Write({"alpine-34", Alpine34Image()}, "cyclonedx", "--sbom-only"));
  EXPECT_FALSE(sbom_only.contains("vulnerabilities"));
  EXPECT_EQ(sbom_only["components"].size(), 15u);
}

TEST(ReportFormatsTest, SpdxIsValidWithPurlsAndRelationships) {
  for (const Target& target : Targets()) {
    std::string path = Write(target, "spdx-json");
    EXPECT_EQ(SchemaViolations("spdx-2.3", path), "") << target.name;
    json doc = Load(path);
    std::set<std::string> listed;
    for (std::size_t i = 1; i < doc["packages"].size(); ++i) {
      const auto& p = doc["packages"][i];
      EXPECT_EQ(p["externalRefs"][0]["referenceType"], "purl");
      const std::string purl = p["externalRefs"][0]["referenceLocator"];
      if (!purl.starts_with("pkg:deb/") && !purl.starts_with("pkg:apk/")) continue;  // language packages
      listed.insert(p["name"].get<std::string>() + " " + p["versionInfo"].get<std::string>());
    }
    EXPECT_EQ(listed, Oracle(target)) << target.name;
    EXPECT_EQ(doc["relationships"].size(), doc["packages"].size());  // DESCRIBES + one CONTAINS each
  }
}

TEST(ReportFormatsTest, SarifIsValidWithOneRulePerAdvisory) {
  for (const Target& target : Targets()) {
    EXPECT_EQ(SchemaViolations("sarif-2.1.0", Write(target, "sarif")), "") << target.name;
  }
  json sarif = Load(Write({"alpine-34", Alpine34Image()}, "sarif"));
  const auto& run = sarif["runs"][0];
  ASSERT_EQ(run["results"].size(), 57u);
  std::set<std::string> ids;
  for (const auto& r : run["results"]) {
    ids.insert(r["ruleId"].get<std::string>());
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<std::size_t>()]["id"], r["ruleId"]);
    EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "lib/apk/db/installed");
    EXPECT_EQ(r["level"], "note");  // UNKNOWN severity
  }
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), ids.size());
  // 23 openssl CVEs (each on libcrypto1.0 and libssl1.0), 3 busybox, 2 musl, 4 zlib: 32 advisories.
  EXPECT_EQ(ids.size(), 32u);
}

// Counts from the XML with Python's parser, not drydock's writer.
TEST(ReportFormatsTest, JunitHasATestcasePerPackageAndAFailurePerVulnerablePackage) {
  std::string path = Write({"alpine-34", Alpine34Image()}, "junit");
  std::string counts = Shell("/usr/bin/python3 -c \"import xml.etree.ElementTree as E; r=E.parse('" + path +
                             "').getroot(); print(len(r.findall('.//testcase')), len(r.findall('.//failure')))\"");
  // 15 packages; busybox, musl, musl-utils, zlib, libcrypto1.0 and libssl1.0 have findings.
  EXPECT_EQ(counts, "15 6\n");
  std::string debian = Write({"debian12-app", TestData("images/debian12-app.docker.tar.gz")}, "junit");
  EXPECT_EQ(Shell("/usr/bin/python3 -c \"import xml.etree.ElementTree as E; print(len(E.parse('" + debian +
                  "').getroot().findall('.//testcase')))\""),
            std::to_string(Load(Write({"debian12-app", TestData("images/debian12-app.docker.tar.gz")}, "json"))["packages"]
                               .size()) + "\n");
}

}  // namespace
}  // namespace drydock::e2e
