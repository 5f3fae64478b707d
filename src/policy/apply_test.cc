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

// Products and ignore purls meet packages in canonical form: an older drydock SBOM's %2F Go purl and the
// standard one, an rpm epoch written in the version or as a qualifier; a VEX alias names the finding too.
TEST(ApplyPolicyTest, PurlsCompareCanonicallyAndAliasesCount) {
  ScanReport report;
  report.packages = {{.id = "golang:golang.org/x/text@v0.3.6", .name = "golang.org/x/text", .version = "v0.3.6",
                      .purl = "pkg:golang/golang.org%2Fx%2Ftext@v0.3.6"},
                     {.id = "rpm:openssl-libs@1:1.0.2k-16.el7:x86_64", .name = "openssl-libs",
                      .version = "1:1.0.2k-16.el7",
                      .purl = "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7&epoch=1"}};
  report.vulnerabilities = {
      {.id = "GO-2021-0113", .aliases = {"CVE-2021-38561"}, .package_id = "golang:golang.org/x/text@v0.3.6",
       .package_name = "golang.org/x/text", .status = "fixed"},
      {.id = "RHSA-2019:2304", .package_id = "rpm:openssl-libs@1:1.0.2k-16.el7:x86_64", .package_name = "openssl-libs",
       .status = "fixed"}};
  Policy policy{.ignores = {{.id = "RHSA-2019:2304", .purl = "pkg:rpm/centos/openssl-libs@1:1.0.2k-16.el7",
                             .where = "f:1"}},
                .vex = {{.vulnerability = "GHSA-ppp9-7jff-5vj2", .aliases = {"CVE-2021-38561"},
                         .products = {"pkg:golang/golang.org/x/text@v0.3.6"}, .status = "not_affected",
                         .where = "v"}}};
  ApplyPolicy(policy, "2026-03-01", report);
  EXPECT_TRUE(Kept(report).empty());
  EXPECT_EQ(report.suppressed.size(), 2u);
  // Without the epoch the ignore purl names another version; a standard purl of another module, another package.
  ScanReport again;
  again.packages = report.packages;
  for (const SuppressedFinding& s : report.suppressed) again.vulnerabilities.push_back(s.finding);
  Policy other{.ignores = {{.id = "RHSA-2019:2304", .purl = "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7", .where = "f:1"}},
               .vex = {{.vulnerability = "CVE-2021-38561", .products = {"pkg:golang/golang.org/x/net@v0.3.6"},
                        .status = "not_affected", .where = "v"}}};
  ApplyPolicy(other, "2026-03-01", again);
  EXPECT_EQ(again.vulnerabilities.size(), 2u);
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
