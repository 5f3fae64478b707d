// RHEL module streams end to end: real rpms built with rpmbuild (one in module stream perl-FCGI:0.78, as
// MODULARITYLABEL, one not), installed into RHEL 8 roots with rpm --justdb, scanned against a DB built from Red
// Hat's real CSAF VEX for CVE-2025-40907 (claircore's acceptance document). Only the module's rpm below the
// RHEL 8.10 fix may be reported; the SBOM of the scan must give the same findings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kLabel = "perl-FCGI:0.78:8100020250529111022:491cfe3d";
constexpr const char* kFixed = "1:0.78-12.module+el8.10.0+23147+95b68fad";  // cve-2025-40907.csv's product
constexpr const char* kUnfixed = "1:0.78-11.module+el8.8.0+23188+f6366248.1";  // the RHEL 8.8 build

bool HaveRpmbuild() { return std::system("command -v rpmbuild >/dev/null 2>&1 && command -v rpm >/dev/null 2>&1") == 0; }

// Builds perl-FCGI EPOCH:VERSION-RELEASE (noarch, no files) with `label` as its MODULARITYLABEL ("" for none)
// and installs it into a fresh RHEL 8.10 root named `name`; returns the root.
std::string RootWith(const std::string& name, const std::string& evr, const std::string& label) {
  const std::string dir = TempDirectory() + "/" + name;
  fs::create_directories(dir + "/root/etc");
  std::ofstream(dir + "/root/etc/os-release") << "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.10 (Ootpa)\"\n"
                                                 "ID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.10\"\n"
                                                 "PRETTY_NAME=\"Red Hat Enterprise Linux 8.10 (Ootpa)\"\n";
  const std::size_t colon = evr.find(':'), dash = evr.rfind('-');
  std::ofstream(dir + "/perl-FCGI.spec")
      << "Name: perl-FCGI\nEpoch: " << evr.substr(0, colon) << "\nVersion: " << evr.substr(colon + 1, dash - colon - 1)
      << "\nRelease: " << evr.substr(dash + 1) << "\nSummary: FastCGI Perl bindings\nLicense: OFL\nBuildArch: noarch\n"
      << "%description\nTest package.\n%files\n";
  const std::string define = label.empty() ? "" : " --define 'modularitylabel " + label + "'";
  Shell("rpmbuild -bb --quiet --define '_topdir " + dir + "/top'" + define + " " + dir + "/perl-FCGI.spec >/dev/null 2>&1");
  const std::string rpm = Shell("ls " + dir + "/top/RPMS/noarch/*.rpm | head -1");
  const std::string path = rpm.substr(0, rpm.find('\n'));
  EXPECT_EQ(Shell("rpm -qp --qf '%{MODULARITYLABEL}' " + path + " 2>/dev/null"), label.empty() ? "(none)" : label);
  Shell("rpm --root " + dir + "/root --dbpath /var/lib/rpm -i --justdb --nodeps --noscripts " + path +
        " >/dev/null 2>&1");
  return dir + "/root";
}

std::string PerlFcgiDb() {
  const std::string db = TempDirectory() + "/csaf.db";
  if (!fs::exists(db)) {
    auto built = RunDrydock("db build --csaf-vex " +
                            TestData("quay+claircore/test/acceptance/testdata/cve-2025-40907-perl.json") + " -o " + db);
    EXPECT_EQ(built.exit_code, 0) << built.err;
  }
  return db;
}

json Scan(const std::string& args) {
  auto result = RunDrydock(args + " -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

TEST(RpmModuleScanTest, ModuleAdvisoryHitsOnlyTheModulesUnfixedRpm) {
  if (!HaveRpmbuild()) GTEST_SKIP() << "rpmbuild or rpm is not installed";
  const std::string db = PerlFcgiDb();

  const std::string unfixed = RootWith("module-unfixed", kUnfixed, kLabel);
  json report = Scan("rootfs " + unfixed + " --db " + db);
  ASSERT_EQ(report["packages"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["packages"][0]["module"], "perl-FCGI:0.78");
  EXPECT_NE(report["packages"][0]["purl"].get<std::string>().find("rpmmod=perl-FCGI:0.78"), std::string::npos);
  ASSERT_EQ(report["vulnerabilities"].size(), 1u) << report.dump(2);
  const json& finding = report["vulnerabilities"][0];
  EXPECT_EQ(finding["id"], "CVE-2025-40907");
  EXPECT_EQ(finding["installed_version"], kUnfixed);
  EXPECT_EQ(finding["fixed_version"], kFixed);
  EXPECT_EQ(finding["match"]["by"], "module:source_name");
  EXPECT_EQ(finding["match"]["ecosystem"], "Red Hat:8");
  EXPECT_EQ(finding["match"]["record"], "redhat-csaf-vex el8 perl-FCGI:0.78::perl-FCGI");

  // The scan's CycloneDX SBOM, scanned again, keeps the module and so the finding.
  const std::string bom = TempDirectory() + "/module-bom.json";
  ASSERT_EQ(RunDrydock("rootfs " + unfixed + " --db " + db + " -f cyclonedx -q -o " + bom).exit_code, 0);
  json again = Scan("sbom " + bom + " --db " + db);
  ASSERT_EQ(again["vulnerabilities"].size(), 1u) << again.dump(2);
  EXPECT_EQ(again["vulnerabilities"][0]["fixed_version"], kFixed);
  EXPECT_EQ(again["packages"][0]["module"], "perl-FCGI:0.78");

  json fixed = Scan("rootfs " + RootWith("module-fixed", kFixed, kLabel) + " --db " + db);
  ASSERT_EQ(fixed["packages"].size(), 1u);
  EXPECT_TRUE(fixed["vulnerabilities"].empty()) << fixed["vulnerabilities"].dump(2);

  // The same name and version outside any module: the module's advisory is not its own.
  json plain = Scan("rootfs " + RootWith("plain", kUnfixed, "") + " --db " + db);
  ASSERT_EQ(plain["packages"].size(), 1u);
  EXPECT_FALSE(plain["packages"][0].contains("module"));
  EXPECT_TRUE(plain["vulnerabilities"].empty()) << plain["vulnerabilities"].dump(2);
}

}  // namespace
}  // namespace drydock::e2e
