// drydock sbom: an image's CycloneDX (and SPDX) SBOM, scanned again without the image, gives the same findings;
// broken SBOMs fail with the file and line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "cli_runner.h"
#include "report_fixtures.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

std::set<std::string> Findings(const json& report) {
  std::set<std::string> out;
  for (const auto& f : report["vulnerabilities"]) {
    out.insert(f["id"].get<std::string>() + " " + f["package_id"].get<std::string>() + " " +
               f["installed_version"].get<std::string>() + " " + f["fixed_version"].get<std::string>() + " " +
               f["match"]["by"].get<std::string>() + " " + f["match"]["ecosystem"].get<std::string>());
  }
  return out;
}

// Every package, language ones included: drydock's components carry the package as the scan saw it.
std::set<std::string> PackageIds(const json& report) {
  std::set<std::string> out;
  for (const auto& p : report["packages"]) out.insert(p["id"].get<std::string>());
  return out;
}

// (advisory id, package, version): what a round trip must keep, per the brief.
std::set<std::string> AdvisoryPackageVersions(const json& report) {
  std::set<std::string> out;
  for (const auto& f : report["vulnerabilities"]) {
    out.insert(f["id"].get<std::string>() + " " + f["package_name"].get<std::string>() + " " +
               f["installed_version"].get<std::string>());
  }
  return out;
}

TEST(SbomScanTest, CycloneDxRoundTripGivesTheSameFindings) {
  const std::pair<std::string, std::string> images[] = {
      {"alpine-34", Alpine34Image()},
      {"alpine-310", TestData(kAlpine310)},
      {"debian12-minbase", TestData("images/debian12-minbase.docker.tar.gz")},
      {"debian12-app", TestData("images/debian12-app.docker.tar.gz")}};
  for (const auto& [name, image] : images) {
    std::string bom = TempDirectory() + "/" + name + ".bom.json";
    std::string db = " --db " + ReportsAlpineDb() + " -q";
    ASSERT_EQ(RunDrydock("image " + image + db + " --format cyclonedx -o " + bom).exit_code, 0) << name;
    auto direct = RunDrydock("image " + image + db + " -f json");
    auto again = RunDrydock("sbom " + bom + db + " -f json");
    ASSERT_EQ(again.exit_code, 0) << name << ": " << again.err;
    json from_image = json::parse(direct.out), from_sbom = json::parse(again.out);
    EXPECT_EQ(Findings(from_sbom), Findings(from_image)) << name;
    EXPECT_EQ(PackageIds(from_sbom), PackageIds(from_image)) << name;
    EXPECT_EQ(from_sbom["artifact"]["type"], "sbom");
    EXPECT_EQ(from_sbom["artifact"]["os"], from_image["artifact"]["os"]) << name;
    if (name == "alpine-34") { EXPECT_EQ(Findings(from_sbom).size(), 57u); }
  }
}

// With a DB that has findings for the app image's language packages (Go vulndb, GitHub advisories for npm, PyPI
// and Maven) and for Alpine 3.4's apk packages, the findings read back from the SBOM are the image's.
TEST(SbomScanTest, RoundTripKeepsLanguageAndOsFindings) {
  const std::tuple<std::string, std::string, std::string> cases[] = {
      {"debian12-app", TestData("images/debian12-app.docker.tar.gz"), AppDb()},
      {"alpine-34", Alpine34Image(), ReportsAlpineDb()}};
  for (const auto& [name, image, db] : cases) {
    std::string bom = TempDirectory() + "/" + name + ".roundtrip.cdx.json";
    const std::string flags = " --db " + db + " -q";
    ASSERT_EQ(RunDrydock("image " + image + flags + " --format cyclonedx -o " + bom).exit_code, 0) << name;
    auto direct = RunDrydock("image " + image + flags + " -f json");
    auto again = RunDrydock("sbom " + bom + flags + " -f json");
    ASSERT_EQ(again.exit_code, 0) << name << ": " << again.err;
    json from_image = json::parse(direct.out), from_sbom = json::parse(again.out);
    EXPECT_FALSE(from_image["vulnerabilities"].empty()) << name;
    EXPECT_EQ(AdvisoryPackageVersions(from_sbom), AdvisoryPackageVersions(from_image)) << name;
    EXPECT_EQ(PackageIds(from_sbom), PackageIds(from_image)) << name;
    std::set<std::string> ecosystems;
    for (const auto& p : from_sbom["packages"]) ecosystems.insert(p["ecosystem"].get<std::string>());
    // The app image's Go and Maven packages (npm and PyPI once their catalogers land) survive the trip.
    if (name == "debian12-app") {
      for (const char* e : {"deb", "golang", "maven"}) EXPECT_TRUE(ecosystems.contains(e)) << e;
    }
  }
}

// SPDX has only the purl: the app image's language packages (and their findings) come back from it alone.
TEST(SbomScanTest, SpdxRoundTripKeepsLanguagePackages) {
  const std::string image = TestData("images/debian12-app.docker.tar.gz"), flags = " --db " + AppDb() + " -q";
  std::string spdx = TempDirectory() + "/debian12-app.roundtrip.spdx.json";
  ASSERT_EQ(RunDrydock("image " + image + flags + " -f spdx-json -o " + spdx).exit_code, 0);
  auto direct = RunDrydock("image " + image + flags + " -f json");
  auto again = RunDrydock("sbom " + spdx + flags + " -f json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  json from_image = json::parse(direct.out), from_sbom = json::parse(again.out);
  auto language = [](const json& report) {
    std::set<std::string> ids;
    for (const auto& p : report["packages"]) {
      if (p["ecosystem"] != "deb") ids.insert(p["id"].get<std::string>());
    }
    return ids;
  };
  EXPECT_FALSE(language(from_image).empty());
  EXPECT_EQ(language(from_sbom), language(from_image));
  std::set<std::string> image_language_findings, sbom_findings = AdvisoryPackageVersions(from_sbom);
  for (const auto& f : from_image["vulnerabilities"]) {
    if (!f["package_id"].get<std::string>().starts_with("deb:")) {
      image_language_findings.insert(f["id"].get<std::string>() + " " + f["package_name"].get<std::string>() + " " +
                                     f["installed_version"].get<std::string>());
    }
  }
  EXPECT_FALSE(image_language_findings.empty());
  for (const std::string& finding : image_language_findings) EXPECT_TRUE(sbom_findings.contains(finding)) << finding;
}

// SPDX carries purls but not drydock's source-package property: apk purls name the binary package, so only
// findings matched by name survive. The Alpine 3.4 packages' origins equal their names except libcrypto/libssl
// (origin openssl) and musl-utils (origin musl), so the SPDX scan finds busybox, musl and zlib's 11.
TEST(SbomScanTest, SpdxSbomIsScannedByPurl) {
  std::string spdx = TempDirectory() + "/alpine34.spdx.json";
  ASSERT_EQ(RunDrydock("image " + Alpine34Image() + " --db " + ReportsAlpineDb() + " -q -f spdx-json -o " + spdx)
                .exit_code, 0);
  auto scan = RunDrydock("sbom " + spdx + " --db " + ReportsAlpineDb() + " -q -f json");
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  json report = json::parse(scan.out);
  EXPECT_EQ(report["packages"].size(), 15u);
  std::set<std::string> packages;
  for (const auto& f : report["vulnerabilities"]) packages.insert(f["package_name"].get<std::string>());
  EXPECT_EQ(packages, (std::set<std::string>{"busybox", "musl", "zlib"}));
  EXPECT_EQ(report["vulnerabilities"].size(), 9u);
}

TEST(SbomScanTest, BrokenSbomNamesFileAndLine) {
  std::string bad = TempDirectory() + "/bad.cdx.json";
  std::ofstream(bad) << "{\n  \"bomFormat\": \"CycloneDX\",\n  \"components\": [\n    {\"purl\": \"pkg:apk/alpine/musl\"\n";
  auto result = RunDrydock("sbom " + bad + " --skip-db");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find(bad + ":5: invalid JSON"), std::string::npos) << result.err;
  auto missing = RunDrydock("sbom /nonexistent.json --skip-db");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("/nonexistent.json"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace drydock::e2e
