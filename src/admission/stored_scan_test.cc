#include "admission/stored_scan.h"

#include <gtest/gtest.h>

namespace drydock::admission {
namespace {

// The report the audit's padded image stored: a layer over the size limit, so no package was found.
ScanReport PaddedImageScan() {
  ScanReport report;
  report.artifact.type = "container_image";
  report.errors = {
      {"layer", "app/node_modules/lodash/package.json", "file is over the 67108864 byte limit (sha256:ab)"},
      {"catalog", "", "no package found: no lockfile, manifest or package database drydock reads gave any, so "
                      "nothing was checked"},
  };
  return report;
}

TEST(StoredScan, OnlyContainerImageReportsAreScansOfTheImage) {
  ScanReport report;
  for (const char* type : {"sbom", "rootfs", "filesystem", "", "Container_Image"}) {
    report.artifact.type = type;
    EXPECT_FALSE(IsImageScan(report)) << type;
  }
  report.artifact.type = "container_image";
  EXPECT_TRUE(IsImageScan(report));
}

TEST(StoredScan, ErrorsThatHidePackagesDenyNamingTheError) {
  auto verdict = IncompleteScanVerdict(PaddedImageScan(), "sha256:d1");
  ASSERT_TRUE(verdict.has_value());
  EXPECT_FALSE(verdict->allowed);
  EXPECT_FALSE(verdict->warn_only);
  EXPECT_EQ(verdict->rule, "incomplete_scan");
  EXPECT_NE(verdict->reason.find("sha256:d1"), std::string::npos) << verdict->reason;
  EXPECT_NE(verdict->reason.find("layer: app/node_modules/lodash/package.json: file is over the 67108864 byte limit"),
            std::string::npos) << verdict->reason;
  // The catalog's "no package found" follows from the unread layer; the layer is what the denial names.
  EXPECT_EQ(verdict->reason.find("no package found"), std::string::npos) << verdict->reason;
}

// busybox, or a static binary on scratch: read whole, nothing in it drydock checks. Not an unread image.
TEST(StoredScan, NothingToCheckAloneIsNotIncomplete) {
  ScanReport report = PaddedImageScan();
  report.errors.erase(report.errors.begin());  // only the catalog's "no package found" left
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_TRUE(report.errors[0].message.starts_with(kNoPackageFound));
  EXPECT_TRUE(UncheckedParts(report).empty());
  EXPECT_FALSE(IncompleteScanVerdict(report, "sha256:d1").has_value());
  report.errors.push_back({"catalog", "", "could not read the rpm database"});  // any other catalog error counts
  EXPECT_TRUE(IncompleteScanVerdict(report, "sha256:d1").has_value());
}

TEST(StoredScan, EachReadingStageCounts) {
  for (const char* stage : {"source", "layer", "os", "catalog", "catalog:dpkg", "catalog:npm", "sbom"}) {
    ScanReport report;
    report.errors = {{stage, "p", "could not read"}};
    EXPECT_EQ(UncheckedParts(report).size(), 1u) << stage;
    EXPECT_TRUE(IncompleteScanVerdict(report, "sha256:d1").has_value()) << stage;
  }
}

TEST(StoredScan, LaterStagesDoNotHidePackages) {
  // These stages ran after every package was listed: matching has its own rules, secrets and config are extras.
  for (const char* stage : {"match", "db", "secret", "base_image", "cache", "policy", "catalogue", "sources", ""}) {
    ScanReport report;
    report.errors = {{stage, "", "something"}};
    EXPECT_TRUE(UncheckedParts(report).empty()) << stage;
    EXPECT_FALSE(IncompleteScanVerdict(report, "sha256:d1").has_value()) << stage;
  }
  EXPECT_FALSE(IncompleteScanVerdict(ScanReport{}, "sha256:d1").has_value());
}

TEST(StoredScan, ManyErrorsAreCountedNotAllListed) {
  ScanReport report;
  for (int i = 0; i < 10; ++i) report.errors.push_back({"layer", "f" + std::to_string(i), "over the limit"});
  auto verdict = IncompleteScanVerdict(report, "sha256:d1");
  ASSERT_TRUE(verdict.has_value());
  EXPECT_NE(verdict->reason.find("layer: f2:"), std::string::npos) << verdict->reason;
  EXPECT_EQ(verdict->reason.find("layer: f3:"), std::string::npos) << verdict->reason;
  EXPECT_NE(verdict->reason.find("; 7 more"), std::string::npos) << verdict->reason;
}

}  // namespace
}  // namespace drydock::admission
