// Every distribution issue 4 names, detected from its real os-release file (syft, trivy and claircore test
// data); the expected ID and VERSION_ID are read off each file.
#include <gtest/gtest.h>

#include <string>

#include "catalog/catalog.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr std::string_view kSyft = "anchore+syft/syft/linux/testdata/os/";
constexpr std::string_view kTrivy = "aquasecurity+trivy/pkg/fanal/analyzer/os/release/testdata/";
constexpr std::string_view kClair = "quay+claircore/";

struct Case {
  std::string_view root;
  const char* file;     // under DRYDOCK_TESTDATA/root
  const char* family;   // the file's ID, lowercased
  const char* version;  // its VERSION_ID
};

const Case kCases[] = {
    {kClair, "debian/testdata/dist/12/etc/os-release", "debian", "12"},
    {kClair, "ubuntu/testdata/dist/22.04/etc/os-release", "ubuntu", "22.04"},
    {kTrivy, "alpine", "alpine", "3.15.4"},
    {kSyft, "wolfi/etc/os-release", "wolfi", "20220914"},
    {kSyft, "almalinux/from-os-release/etc/os-release", "almalinux", "8.4"},
    {kTrivy, "alma", "almalinux", "9.4"},
    {kSyft, "rockylinux/from-os-release/etc/os-release", "rocky", "8.4"},
    {kTrivy, "rocky", "rocky", "9.3"},
    {kSyft, "redhat/from-os-release/usr/lib/os-release", "rhel", "7.3"},
    {kTrivy, "rhel", "rhel", "9.4"},
    {kSyft, "centos/usr/lib/os-release", "centos", "8"},
    {kTrivy, "centos", "centos", "7"},
    {kSyft, "oraclelinux/etc/os-release", "ol", "8.3"},
    {kTrivy, "oracle", "ol", "8.10"},
    {kSyft, "amazon/etc/os-release", "amzn", "2"},
    {kSyft, "sles/etc/os-release", "sles", "15.2"},
    {kSyft, "opensuse-leap/etc/os-release", "opensuse-leap", "15.2"},
    {kTrivy, "opensusetumbleweed", "opensuse-tumbleweed", "20220412"},
    {kSyft, "photon/etc/os-release", "photon", "2.0"},
    {kTrivy, "photon", "photon", "4.0"},
    {kSyft, "mariner/etc/os-release", "mariner", "1.0"},
    {kTrivy, "mariner-2.0", "mariner", "2.0"},
    {kTrivy, "azurelinux-3.0", "azurelinux", "3.0"},
    {kTrivy, "minimos", "minimos", "20241031"},
};

TEST(DistroMatrixTest, EveryListedDistroFromItsOsRelease) {
  for (const Case& c : kCases) {
    const std::string path = std::string(c.root) + c.file;
    const std::string bytes = TestData(path);
    const Distro distro = DetectDistro([&](std::string_view wanted) -> std::optional<std::string> {
      if (wanted == "etc/os-release") return bytes;
      return std::nullopt;
    });
    EXPECT_EQ(distro.family, c.family) << path;
    EXPECT_EQ(distro.version, c.version) << path;
    EXPECT_FALSE(distro.pretty_name.empty()) << path;
  }
}

}  // namespace
}  // namespace drydock
