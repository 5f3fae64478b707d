// The app image with a DB from the shared feeds plus CISA's vulnrichment (what scripts/demo.sh builds): every
// vulnerability is one finding per package, and a finding left UNKNOWN is one no source in the DB rates.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

// The demo's feeds (scripts/demo.sh) without the Alpine secdb files, which the Debian image never looks up.
const std::string& DemoDb() {
  static const std::string path = [] {
    std::string db = TempDirectory() + "/severity-demo.db";
    auto built = RunDrydock(
        "db build --osv " + TestData("google+osv.dev/gcp/workers/oss_fuzz_worker/testdata") + " --osv " +
        TestData("github+advisory-database/advisories") + " --osv " + TestData("golang+vulndb/data/osv") +
        " --osv " + TestData("pypa+advisory-database/vulns") + " --osv " + TestData("rustsec+advisory-db/crates") +
        " --debian " + TestData("anchore+vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json") +
        " --cve5 " + TestData("cisagov+vulnrichment") + " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return db;
  }();
  return path;
}

json Scan(const std::string& extra = "") {
  auto scan = RunDrydock("image oci:" + TestData("images/debian12-app.oci.tar") + " --db " + DemoDb() +
                         " -f json -q --no-cache " + extra);
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  return json::parse(scan.out, nullptr, false);
}

std::set<std::string> Ids(const json& finding) {
  std::set<std::string> ids = {finding["id"].get<std::string>()};
  for (const auto& alias : finding["aliases"]) ids.insert(alias.get<std::string>());
  return ids;
}

// Whether CISA's vulnrichment record of `cve`, if there is one, carries a CVSS metric (CNA's or an ADP's).
bool VulnrichmentRates(const std::string& cve) {
  // CVE-2023-43804 -> 2023/43xxx/CVE-2023-43804.json
  const std::string year = cve.substr(4, 4), number = cve.substr(9);
  const std::string bucket = number.size() > 3 ? number.substr(0, number.size() - 3) + "xxx" : "0xxx";
  std::ifstream in(TestData("cisagov+vulnrichment/" + year + "/" + bucket + "/" + cve + ".json"));
  if (!in) return false;
  const json record = json::parse(in, nullptr, false);
  std::vector<json> containers = {record["containers"]["cna"]};
  for (const auto& adp : record["containers"].value("adp", json::array())) containers.push_back(adp);
  for (const json& container : containers) {
    for (const auto& metric : container.value("metrics", json::array())) {
      for (const auto& [key, value] : metric.items()) {
        if (key.starts_with("cvss")) return true;
      }
    }
  }
  return false;
}

TEST(SeverityScanTest, OneFindingPerVulnerabilityAndPackage) {
  const json report = Scan();
  ASSERT_TRUE(report.is_object());
  std::map<std::string, std::vector<std::set<std::string>>> by_package;
  std::size_t urllib3 = 0;
  for (const auto& f : report["vulnerabilities"]) {
    auto& seen = by_package[f["package_id"].get<std::string>()];
    const std::set<std::string> ids = Ids(f);
    for (const auto& other : seen) {
      for (const std::string& id : ids) {
        EXPECT_FALSE(other.contains(id)) << f["package_id"] << " has " << id << " twice";
      }
    }
    seen.push_back(ids);
    if (ids.contains("CVE-2023-43804")) {
      ++urllib3;
      EXPECT_EQ(f["id"], "CVE-2023-43804");
      EXPECT_TRUE(ids.contains("GHSA-v845-jxx5-vc9f") && ids.contains("PYSEC-2023-192")) << f.dump();
    }
  }
  EXPECT_EQ(urllib3, 1u);  // urllib3 1.26.x in the venv; before the merge: twice, HIGH and MEDIUM
}

TEST(SeverityScanTest, UnknownOnlyWhenNoSourceRatesIt) {
  const json report = Scan();
  std::size_t unknown = 0, total = 0;
  for (const auto& f : report["vulnerabilities"]) {
    ++total;
    if (f["severity"] != "UNKNOWN") {
      EXPECT_FALSE(f["severity_source"].get<std::string>().empty()) << f.dump();
      continue;
    }
    ++unknown;
    for (const std::string& id : Ids(f)) {
      if (id.starts_with("CVE-")) {
        EXPECT_FALSE(VulnrichmentRates(id)) << f["id"] << ": " << id << " is rated";
      }
    }
  }
  // Go's records rate nothing; CISA ADP rates CVE-2024-24790 (net/netip) for both Go binaries' stdlib.
  std::size_t netip = 0;
  for (const auto& f : report["vulnerabilities"]) {
    if (f["id"] != "CVE-2024-24790") continue;
    ++netip;
    EXPECT_EQ(f["severity"], "CRITICAL");
    EXPECT_EQ(f["severity_source"], "cisa-adp");
    EXPECT_EQ(f["cvss"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  }
  EXPECT_EQ(netip, 2u);
  EXPECT_LT(unknown, total);
  RecordProperty("unknown", std::to_string(unknown));
  RecordProperty("findings", std::to_string(total));
}

TEST(SeverityScanTest, SeveritySourceFlag) {
  // Only NVD, which this DB has no data from: every finding UNKNOWN.
  const json nvd_only = Scan("--severity-source nvd");
  for (const auto& f : nvd_only["vulnerabilities"]) EXPECT_EQ(f["severity"], "UNKNOWN") << f["id"];
  auto bad = RunDrydock("image oci:" + TestData("images/debian12-app.oci.tar") + " --db " + DemoDb() +
                        " --severity-source nvd,github");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown source \"github\""), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace drydock::e2e
