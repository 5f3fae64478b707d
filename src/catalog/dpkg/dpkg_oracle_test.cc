// The dpkg parser against dpkg-query's own listings of the same databases (built with real dpkg).
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "catalog/catalog.h"
#include "catalog/dpkg/dpkg.h"
#include "catalog/test_image.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

// name, version, source name, source version (dpkg-query prints the binary version when they agree), arch.
using Row = std::tuple<std::string, std::string, std::string, std::string, std::string>;

// Rows of a dpkg-query listing: tab-separated ${binary:Package} ${Version} ${source:Package}
// ${source:Version} and, in the generated listings, ${Architecture} ${db:Status-Abbrev}. binary:Package
// carries ":arch" for Multi-Arch: same packages, which the status file's Package field does not.
std::set<Row> OracleRows(const std::string& listing, bool has_arch) {
  std::set<Row> rows;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
    EXPECT_GE(cols.size(), has_arch ? 6u : 4u) << line;
    if (cols.size() < 4) continue;
    std::string name = cols[0].substr(0, cols[0].find(':'));
    rows.emplace(name, cols[1], cols[2], cols[3], has_arch && cols.size() > 4 ? cols[4] : "");
  }
  return rows;
}

std::set<Row> ParsedRows(const PackageTable& packages, bool has_arch) {
  std::set<Row> rows;
  for (const Package& p : packages) {
    rows.emplace(p.name, p.version, p.source_name, p.source_version.empty() ? p.version : p.source_version,
                 has_arch ? p.arch : "");
  }
  return rows;
}

TEST(DpkgOracleTest, GeneratedStatusFilesMatchDpkgQuery) {
  for (std::string release : {"bookworm", "bullseye", "trixie", "sid"}) {
    const std::string base = "generated/debian-" + release;
    auto parsed = ParseDpkgStatus(TestData(base + "/var/lib/dpkg/status"));
    ASSERT_TRUE(parsed.has_value()) << release << ": " << parsed.error().message;
    // dpkg itself read every stanza of these files, so none may be skipped.
    EXPECT_TRUE(parsed->skipped.empty()) << release << ": " << parsed->skipped.front();
    const std::set<Row> want = OracleRows(TestData(base + ".dpkg-query.tsv"), true);
    EXPECT_GT(want.size(), 50u) << release;
    EXPECT_EQ(parsed->packages.size(), want.size()) << release;
    EXPECT_EQ(ParsedRows(parsed->packages, true), want) << release;
  }
}

// The status file as the image's final filesystem shows it: layer 2 rewrote layer 1's copy.
TEST(DpkgOracleTest, Debian12AppImageMatchesDpkgQuery) {
  const DpkgCataloger dpkg;
  const std::vector<LayerFiles> layers = TestImageLayers(
      "images/debian12-app.oci.tar", [&](std::string_view path) { return dpkg.Required(path) || IsDistroFile(path); });
  ASSERT_FALSE(layers.empty());
  const MergedView view(LayerPointers(layers));

  auto status = view.Read("var/lib/dpkg/status");
  ASSERT_TRUE(status.has_value() && status->has_value());
  auto parsed = dpkg.Parse("var/lib/dpkg/status", *(*status)->bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << parsed->skipped.front();
  const std::set<Row> want = OracleRows(TestData("images/debian12-app.dpkg-query.txt"), false);
  EXPECT_EQ(want.size(), 132u);
  EXPECT_EQ(parsed->packages.size(), want.size());
  EXPECT_EQ(ParsedRows(parsed->packages, false), want);

  const Distro distro = DetectDistro([&](std::string_view path) -> std::optional<std::string> {
    auto file = view.Read(path);
    if (!file || !*file) return std::nullopt;
    return *(*file)->bytes;
  });
  EXPECT_EQ(distro, (Distro{"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"}));
}

}  // namespace
}  // namespace drydock
