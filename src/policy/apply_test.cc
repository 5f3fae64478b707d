#include <gtest/gtest.h>

#include "policy/policy.h"

namespace drydock {
namespace {

ScanReport Report() {
  ScanReport report;
  report.packages = {{.id = "apk:musl@1.1.14-r10", .name = "musl", .version = "1.1.14-r10",
                      .purl = "pkg:apk/alpine/musl@1.1.14-r10?arch=x86_64&distro=3.4.6", .path = "lib/apk/db/installed"},
                     {.id = "apk:zlib@1.2.8-r2", .name = "zlib", .version = "1.2.8-r2",
                      .purl = "pkg:apk/alpine/zlib@1.2.8-r2?distro=3.4.6", .path = "lib/apk/db/installed"}};
  report.vulnerabilities = {
      {.id = "CVE-2016-8859", .package_id = "apk:musl@1.1.14-r10", .package_name = "musl", .status = "fixed",
       .path = "lib/apk/db/installed"},
      {.id = "CVE-2016-9840", .aliases = {"GHSA-x"}, .package_id = "apk:zlib@1.2.8-r2", .package_name = "zlib",
       .status = "affected", .path = "lib/apk/db/installed"}};
  return report;
}

std::vector<std::string> Kept(const ScanReport& report) {
  std::vector<std::string> ids;
  for (const Finding& f : report.vulnerabilities) ids.push_back(f.id);
  return ids;
}

TEST(ApplyPolicyTest, IgnoreRulesNarrowByPackageAndExpire) {
  ScanReport report = Report();
  Policy policy{.ignores = {{.id = "CVE-2016-8859", .package = "zlib", .where = "f:1"},
                            {.id = "GHSA-x", .expires = "2026-01-01", .reason = "old", .where = "f:2"},
                            {.id = "CVE-2016-8859", .package = "musl", .expires = "2026-06-01", .reason = "ok",
                             .where = "f:3"}}};
  ApplyPolicy(policy, "2026-03-01", report);
  EXPECT_EQ(Kept(report), std::vector<std::string>{"CVE-2016-9840"});  // f:2 expired, f:1 is another package
  ASSERT_EQ(report.suppressed.size(), 1u);
  EXPECT_EQ(report.suppressed[0].by, "ignore file f:3");
  EXPECT_EQ(report.suppressed[0].justification, "ok");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].stage, "policy");
  EXPECT_EQ(report.errors[0].path, "f:2");
  // The day of expiry still suppresses; the day after does not.
  ScanReport on_the_day = Report();
  ApplyPolicy(policy, "2026-06-01", on_the_day);
  EXPECT_EQ(on_the_day.suppressed.size(), 1u);
  ScanReport after = Report();
  ApplyPolicy(policy, "2026-06-02", after);
  EXPECT_TRUE(after.suppressed.empty());
}

TEST(ApplyPolicyTest, VexNotAffectedAndFixedSuppressAffectedKeeps) {
  ScanReport report = Report();
  Policy policy{.ignores = {{.id = "CVE-2016-9840", .where = "f:1"}},
                .vex = {{.vulnerability = "CVE-2016-8859", .products = {"pkg:apk/alpine/musl@1.1.14-r10"},
                         .status = "not_affected", .justification = "vulnerable_code_not_in_execute_path", .where = "v"},
                        {.vulnerability = "CVE-2016-9840", .products = {"pkg:apk/alpine/zlib"}, .status = "affected",
                         .where = "v2"}}};
  ApplyPolicy(policy, "2026-03-01", report);
  // The VEX "affected" statement outranks the ignore entry for CVE-2016-9840.
  EXPECT_EQ(Kept(report), std::vector<std::string>{"CVE-2016-9840"});
  ASSERT_EQ(report.suppressed.size(), 1u);
  EXPECT_EQ(report.suppressed[0].status, "not_affected");
  EXPECT_EQ(report.suppressed[0].justification, "vulnerable_code_not_in_execute_path");

  ScanReport other_version = Report();
  Policy wrong{.vex = {{.vulnerability = "CVE-2016-8859", .products = {"pkg:apk/alpine/musl@9"}, .status = "fixed"}}};
  ApplyPolicy(wrong, "2026-03-01", other_version);
  EXPECT_EQ(other_version.vulnerabilities.size(), 2u);

  ScanReport whole = Report();
  Policy image{.vex = {{.vulnerability = "CVE-2016-8859", .products = {"*"}, .status = "fixed"}}};
  ApplyPolicy(image, "2026-03-01", whole);
  EXPECT_EQ(Kept(whole), std::vector<std::string>{"CVE-2016-9840"});
}

TEST(ApplyPolicyTest, IgnoreStatus) {
  ScanReport report = Report();
  ApplyPolicy(Policy{.ignore_statuses = {"affected"}}, "2026-03-01", report);
  EXPECT_EQ(Kept(report), std::vector<std::string>{"CVE-2016-8859"});
  EXPECT_EQ(report.suppressed[0].by, "--ignore-status");
}

}  // namespace
}  // namespace drydock
