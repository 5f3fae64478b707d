// Alpine images end to end: packages against the image's own apk database, findings against the release's
// real secdb. Expected findings were derived from the secdb YAML text, not from drydock's output.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_runner.h"
#include "test_images.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

const std::string kTrivyImages = "aquasecurity+trivy/pkg/fanal/test/testdata/";
const std::string kSecdb = "alpinelinux+alpine-secdb/";

// A DB from the v3.4, v3.10 and v3.11 secdb (main and community), built once for the suite.
const std::string& AlpineDb() {
  static const std::string path = [] {
    std::string db = TempDirectory() + "/alpine.db", args;
    for (const char* release : {"v3.4", "v3.10", "v3.11"}) {
      for (const char* repo : {"main", "community"}) args += " --secdb " + TestData(kSecdb + release + "/" + repo + ".yaml");
    }
    auto built = RunDrydock("db build" + args + " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
    return db;
  }();
  return path;
}

json ScanJson(const std::string& target, const std::string& flags = "") {
  auto result = RunDrydock("image " + target + " --db " + AlpineDb() + " -f json " + flags);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

// "name version" for each record of the image's lib/apk/db/installed, read with tar and awk.
std::set<std::string> ApkOracle(const std::string& archive) {
  std::string listing = Shell("tar -xzOf " + archive + " --wildcards '*/layer.tar' | tar -xO lib/apk/db/installed"
                              " | awk -F: '/^P:/{p=$2} /^V:/{print p\" \"$2}'");
  std::set<std::string> packages;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) packages.insert(line);
  return packages;
}

TEST(AlpineScanTest, PackagesAreExactlyTheApkDatabase) {
  for (const char* image : {"alpine-310.tar.gz", "alpine-311.tar.gz"}) {
    std::string archive = TestData(kTrivyImages + image);
    json report = ScanJson(archive);
    std::set<std::string> listed;
    for (const auto& p : report["packages"]) {
      EXPECT_EQ(p["ecosystem"], "apk");
      EXPECT_EQ(p["path"], "lib/apk/db/installed");
      EXPECT_EQ(p["layer_diff_id"], report["artifact"]["layers"][0]["diff_id"]);
      listed.insert(p["name"].get<std::string>() + " " + p["version"].get<std::string>());
    }
    EXPECT_EQ(listed, ApkOracle(archive)) << image;
    EXPECT_EQ(listed.size(), 14u) << image;
    EXPECT_EQ(report["artifact"]["os"]["family"], "alpine");
    EXPECT_TRUE(report["errors"].empty()) << report["errors"].dump();
  }
}

// From the secdb text: in alpine-310, musl 1.1.22-r3 is exactly v3.10's fix for CVE-2019-14697, openssl
// 1.1.1d-r2 is above its newest fix 1.1.1d-r0, busybox 1.30.1-r3 above 1.30.1-r2, and no other installed
// origin has secfixes. In alpine-311: musl 1.1.24-r2 > 1.1.23-r2, openssl 1.1.1d-r3 = 1.1.1d-r3 (CVE-2019-1551),
// busybox 1.31.1-r9 > 1.30.1-r2. So both images are clean against their own release's data.
TEST(AlpineScanTest, ReleaseImagesAreCleanAgainstTheirOwnSecdb) {
  for (const char* image : {"alpine-310.tar.gz", "alpine-311.tar.gz"}) {
    json report = ScanJson(TestData(kTrivyImages + image));
    EXPECT_TRUE(report["vulnerabilities"].empty()) << image << ": " << report["vulnerabilities"].dump();
  }
}

// Derived from alpinelinux+alpine-secdb/v3.4/main.yaml: every secfix of each installed origin above the
// installed version (busybox 1.24.2-r9, openssl 1.0.2h-r1, musl 1.1.14-r10, zlib 1.2.8-r2; the rest have no
// fix above them). CVE-2017-3738 is listed under openssl twice (1.0.2n-r0 and 1.0.2o-r0); drydock reports the
// higher, documented in match/matcher.cc.
const std::map<std::string, std::string> kOpensslFixes = {
    {"CVE-2016-2180", "1.0.2h-r2"}, {"CVE-2016-2179", "1.0.2h-r3"}, {"CVE-2016-2182", "1.0.2h-r3"},
    {"CVE-2016-6302", "1.0.2h-r3"}, {"CVE-2016-6303", "1.0.2h-r3"}, {"CVE-2016-2181", "1.0.2h-r4"},
    {"CVE-2016-2183", "1.0.2i-r0"}, {"CVE-2016-6304", "1.0.2i-r0"}, {"CVE-2016-6306", "1.0.2i-r0"},
    {"CVE-2016-7052", "1.0.2j-r0"}, {"CVE-2016-7055", "1.0.2k-r0"}, {"CVE-2017-3731", "1.0.2k-r0"},
    {"CVE-2017-3732", "1.0.2k-r0"}, {"CVE-2017-3735", "1.0.2m-r0"}, {"CVE-2017-3736", "1.0.2m-r0"},
    {"CVE-2017-3737", "1.0.2n-r0"}, {"CVE-2017-3738", "1.0.2o-r0"}, {"CVE-2018-0733", "1.0.2o-r0"},
    {"CVE-2018-0739", "1.0.2o-r0"}, {"CVE-2018-0732", "1.0.2o-r1"}, {"CVE-2018-0737", "1.0.2o-r2"},
    {"CVE-2018-0734", "1.0.2q-r0"}, {"CVE-2018-5407", "1.0.2q-r0"}};

std::set<std::string> ExpectedAlpine34Findings() {
  std::set<std::string> expected = {
      "busybox CVE-2016-6301 1.24.2-r12",   "busybox CVE-2017-15873 1.24.2-r13", "busybox CVE-2017-16544 1.24.2-r13",
      "musl CVE-2016-8859 1.1.14-r13",      "musl CVE-2017-15650 1.1.14-r16",    "musl-utils CVE-2016-8859 1.1.14-r13",
      "musl-utils CVE-2017-15650 1.1.14-r16", "zlib CVE-2016-9840 1.2.11-r0",    "zlib CVE-2016-9841 1.2.11-r0",
      "zlib CVE-2016-9842 1.2.11-r0",       "zlib CVE-2016-9843 1.2.11-r0"};
  for (const auto& [cve, fixed] : kOpensslFixes) {
    expected.insert("libcrypto1.0 " + cve + " " + fixed);
    expected.insert("libssl1.0 " + cve + " " + fixed);
  }
  return expected;
}

TEST(AlpineScanTest, OldReleaseFindingsMatchTheSecdbText) {
  std::string image = MakeAlpine34Image();
  json report = ScanJson(image);
  EXPECT_EQ(report["artifact"]["os"]["version"], "3.4.6");
  // Alpine 3.4's branch ended on 2018-05-01 (alpinelinux.org/releases): flagged end of life.
  EXPECT_EQ(report["artifact"]["os"]["eol"], true);
  EXPECT_EQ(report["artifact"]["os"]["eol_date"], "2018-05-01");
  std::set<std::string> found;
  for (const auto& f : report["vulnerabilities"]) {
    found.insert(f["package_name"].get<std::string>() + " " + f["id"].get<std::string>() + " " +
                 f["fixed_version"].get<std::string>());
    EXPECT_EQ(f["status"], "fixed");
    EXPECT_EQ(f["match"]["ecosystem"], "Alpine:v3.4");
    EXPECT_EQ(f["data_source"], "alpine-secdb v3.4/main");
  }
  EXPECT_EQ(found, ExpectedAlpine34Findings());
  EXPECT_EQ(found.size(), 57u);
  // The fixture's record without a version is reported, and its 15 good neighbours are still listed.
  EXPECT_EQ(report["packages"].size(), 15u);
  ASSERT_EQ(report["errors"].size(), 1u) << report["errors"].dump();
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("invalidPackageWithoutAVersion"),
            std::string::npos);
  // libssl1.0 is matched through its origin, openssl.
  for (const auto& f : report["vulnerabilities"]) {
    if (f["package_name"] == "libssl1.0") {
      EXPECT_EQ(f["match"]["by"], "source_name");
      EXPECT_EQ(f["match"]["record"].get<std::string>().find("openssl") != std::string::npos, true);
    }
  }
}

TEST(AlpineScanTest, FiltersAndExitCodes) {
  std::string image = MakeAlpine34Image();
  auto with_findings = RunDrydock("image " + image + " --db " + AlpineDb() + " --exit-code 7 -q");
  EXPECT_EQ(with_findings.exit_code, 7);
  EXPECT_NE(with_findings.out.find("Total: 57 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 57)"),
            std::string::npos) << with_findings.out;
  // secdb gives no severities, so a HIGH,CRITICAL filter leaves nothing and the exit code stays 0.
  auto filtered = RunDrydock("image " + image + " --db " + AlpineDb() + " --severity high,critical --exit-code 7 -q");
  EXPECT_EQ(filtered.exit_code, 0) << filtered.out;
  EXPECT_NE(filtered.out.find("Total: 0"), std::string::npos);
  // Every secdb finding has a fix, so --ignore-unfixed keeps all 57.
  json unfixed = ScanJson(image, "--ignore-unfixed -q");
  EXPECT_EQ(unfixed["vulnerabilities"].size(), 57u);
  std::string out = TempDirectory() + "/report.json";
  auto to_file = RunDrydock("image " + image + " --db " + AlpineDb() + " -f json -o " + out + " -q");
  EXPECT_EQ(to_file.exit_code, 0);
  EXPECT_TRUE(to_file.out.empty());
  EXPECT_EQ(json::parse(Shell("cat " + out))["vulnerabilities"].size(), 57u);
  EXPECT_EQ(RunDrydock("image " + image + " --format yaml").exit_code, 2);
  EXPECT_EQ(RunDrydock("image").exit_code, 2);
  EXPECT_EQ(RunDrydock("frobnicate").exit_code, 2);
}

}  // namespace
}  // namespace drydock::e2e
