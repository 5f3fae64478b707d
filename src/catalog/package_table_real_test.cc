// PackageTable against real package databases: every field of every package comes back as it went in, in
// the shapes the table abbreviates (source_name == name, the usual id) and the ones it stores whole (PyPI ids).
#include <gtest/gtest.h>

#include <vector>

#include "catalog/catalog.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

struct RealFile {
  std::string_view cataloger;
  std::string_view path;  // as the layer walk names it
  std::string_view testdata;
};

constexpr RealFile kFiles[] = {
    {"dpkg", "var/lib/dpkg/status", "quay+claircore/dpkg/testdata/texlive.status"},
    {"apk", "lib/apk/db/installed", "aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk"},
    {"python", "poetry.lock", "anchore+syft/syft/pkg/cataloger/python/testdata/poetry/dev-deps/poetry.lock"},
    {"python", "Pipfile.lock", "anchore+syft/syft/pkg/cataloger/python/testdata/pipfile-lock/Pipfile.lock"},
};

const Cataloger* Named(std::string_view name) {
  for (const Cataloger* cataloger : PackageCatalogers()) {
    if (cataloger->Name() == name) return cataloger;
  }
  return nullptr;
}

TEST(PackageTableRealTest, EveryFieldOfEveryPackageRoundTrips) {
  const Distro debian{.family = "debian", .version = "12", .codename = "bookworm"};
  for (const RealFile& file : kFiles) {
    const Cataloger* cataloger = Named(file.cataloger);
    ASSERT_NE(cataloger, nullptr) << file.cataloger;
    auto parsed = cataloger->Parse(file.path, TestData(file.testdata));
    ASSERT_TRUE(parsed) << file.testdata << ": " << parsed.error().message;
    ASSERT_GE(parsed->packages.size(), 3u) << file.testdata;
    // Finished as the inventory finishes them, in a table and, independently, in a vector.
    std::vector<Package> finished;
    for (Package p : parsed->packages) {
      p.layer_diff_id = "sha256:5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6";
      FinishPackage(p, debian);
      finished.push_back(p);
    }
    parsed->packages.Rewrite([&](Package& p) {
      p.layer_diff_id = finished.front().layer_diff_id;
      FinishPackage(p, debian);
      return true;
    });
    ASSERT_EQ(parsed->packages.size(), finished.size());
    for (std::size_t i = 0; i < finished.size(); ++i) {
      EXPECT_EQ(parsed->packages[i], finished[i]) << file.testdata << " row " << i;
      EXPECT_EQ(parsed->packages.Id(i), finished[i].id);
      EXPECT_FALSE(finished[i].purl.empty());
    }
    EXPECT_EQ(PackageTable(finished).ToVector(), finished) << file.testdata;
  }
}

}  // namespace
}  // namespace drydock
