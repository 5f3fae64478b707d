#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

// An in-memory image: normalised path -> bytes, recording what DetectDistro asked for.
struct FakeImage {
  std::map<std::string, std::string, std::less<>> files;
  std::vector<std::string> reads;

  Distro Detect() {
    return DetectDistro([this](std::string_view path) -> std::optional<std::string> {
      reads.emplace_back(path);
      auto found = files.find(path);
      if (found == files.end()) return std::nullopt;
      return found->second;
    });
  }
};

constexpr std::string_view kSyftOs = "anchore+syft/syft/linux/testdata/os/";

TEST(DetectDistroTest, EtcOsReleaseWinsOverUsrLib) {
  FakeImage image{.files = {{"etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"},
                            {"usr/lib/os-release", "ID=debian\nVERSION_ID=12\n"}}};
  EXPECT_EQ(image.Detect(), (Distro{.family = "alpine", .version = "3.19.1"}));
  EXPECT_EQ(image.reads, std::vector<std::string>{"etc/os-release"});
}

TEST(DetectDistroTest, UsrLibOsReleaseWhenEtcHasNone) {
  FakeImage image{
      .files = {{"usr/lib/os-release", TestData(std::string(kSyftOs) + "fedora/usr/lib/os-release")}}};
  const Distro distro = image.Detect();
  EXPECT_EQ(distro.family, "fedora");
  EXPECT_FALSE(distro.version.empty());
}

// Distroless: os-release says debian with no VERSION_ID; etc/debian_version says 10.8.
TEST(DetectDistroTest, LegacyFileFillsAMissingVersion) {
  const std::string dir = std::string(kSyftOs) + "debian/from-debian_version/etc/";
  FakeImage image{.files = {{"etc/os-release", TestData(dir + "os-release")},
                            {"etc/debian_version", TestData(dir + "debian_version")}}};
  EXPECT_EQ(image.Detect(), (Distro{.family = "debian", .version = "10.8", .pretty_name = "Distroless"}));
}

TEST(DetectDistroTest, DebianTestingKeepsItsCodename) {
  FakeImage image{.files = {{"etc/os-release", TestData("generated/debian-sid/etc/os-release")},
                            {"etc/debian_version", TestData("generated/debian-sid/etc/debian_version")}}};
  EXPECT_EQ(image.Detect(), (Distro{"debian", "", "forky", "Debian GNU/Linux forky/sid"}));
}

TEST(DetectDistroTest, LegacyFilesAlone) {
  FakeImage alpine{.files = {{"etc/alpine-release", "3.10.3\n"}, {"etc/debian_version", "12.4\n"}}};
  EXPECT_EQ(alpine.Detect(), (Distro{"alpine", "3.10.3", "", "Alpine Linux 3.10.3"}));
  FakeImage debian{.files = {{"etc/debian_version", "12.4\n"}}};
  EXPECT_EQ(debian.Detect(), (Distro{"debian", "12.4", "", "Debian GNU/Linux 12.4"}));
  FakeImage broken{.files = {{"etc/os-release", std::string("ID=x\0", 5)}, {"etc/debian_version", "11.2"}}};
  EXPECT_EQ(broken.Detect().version, "11.2");
}

// Ubuntu 10.04 predates os-release; its debian_version ("squeeze/sid") must not make it Debian.
TEST(DetectDistroTest, LsbReleaseBeforeDebianVersion) {
  FakeImage image{
      .files = {{"etc/lsb-release", TestData("quay+claircore/ubuntu/testdata/dist/10.04/etc/lsb-release")},
                {"etc/debian_version", "squeeze/sid\n"}}};
  EXPECT_EQ(image.Detect(), (Distro{"ubuntu", "10.04", "lucid", "Ubuntu 10.04 LTS"}));
}

TEST(DetectDistroTest, NothingIdentifiesTheOs) {
  FakeImage empty;
  EXPECT_TRUE(empty.Detect().empty());
  FakeImage blank{.files = {{"etc/os-release", ""}}};
  EXPECT_TRUE(blank.Detect().empty());
}

TEST(IsDistroFileTest, EveryPathDetectDistroReads) {
  FakeImage image;
  image.Detect();
  for (const std::string& path : image.reads) EXPECT_TRUE(IsDistroFile(path)) << path;
  EXPECT_TRUE(IsDistroFile("usr/lib/os-release"));
  EXPECT_TRUE(IsDistroFile("etc/alpine-release"));
  for (std::string_view no : {"/etc/os-release", "etc/os-release.d", "etc/issue", "usr/etc/os-release"}) {
    EXPECT_FALSE(IsDistroFile(no)) << no;
  }
}

}  // namespace
}  // namespace drydock
