// drydock rootfs end to end: a real Debian root unpacked with tar must give dpkg-query's package set, and
// hand-built roots check that links never lead out to the host, loops end, and unreadable files are reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// debian12-minbase's only layer, stored in the docker archive as <diff_id>.tar.
constexpr const char* kMinbaseLayer = "318a5278c65e9804af9b57f2ac42fd5d27c477efaf7fa50feb0e7d9ee0a56561.tar";
constexpr const char* kOneDpkgPackage =
    "Package: tiny\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n";

// A fresh empty directory under the test binary's temp dir.
std::string NewRoot(const std::string& name) {
  std::string root = TempDirectory() + "/" + name;
  fs::create_directories(root);
  return root;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

json ScanRootfs(const std::string& root) {
  auto result = RunDrydock("rootfs " + root + " --skip-db -f json -q");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

bool HasError(const json& report, const std::string& path, const std::string& text) {
  for (const auto& e : report["errors"]) {
    if (e["path"] == path && e["message"].get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(RootfsScanTest, UnpackedDebianRootGivesDpkgQueryPackages) {
  std::string root = NewRoot("minbase");
  Shell("tar -xzOf " + TestData("images/debian12-minbase.docker.tar.gz") + " " + kMinbaseLayer + " | tar -x -C " +
        root);
  json report = ScanRootfs(root);
  std::set<std::string> rows, oracle;
  for (const auto& p : report["packages"]) {
    std::string version = p["version"], source_version = p["source_version"];
    rows.insert(p["name"].get<std::string>() + "\t" + version + "\t" + p["source_name"].get<std::string>() + "\t" +
                (source_version.empty() ? version : source_version));
    EXPECT_EQ(p["layer_diff_id"], "");
  }
  std::ifstream in(TestData("images/debian12-minbase.dpkg-query.txt"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) oracle.insert(line);
  }
  EXPECT_EQ(rows, oracle);
  EXPECT_EQ(rows.size(), 88u);
  // etc/os-release is a relative link to ../usr/lib/os-release: followed inside the root.
  EXPECT_EQ(report["artifact"]["os"]["family"], "debian");
  EXPECT_EQ(report["artifact"]["os"]["version"], "12");
  EXPECT_EQ(report["artifact"]["type"], "rootfs");
  EXPECT_EQ(report["artifact"]["name"], root);
  ASSERT_EQ(report["artifact"]["layers"].size(), 1u);
  EXPECT_EQ(report["artifact"]["layers"][0]["diff_id"], "");
  EXPECT_EQ(report["artifact"]["layers"][0]["digest"], "");
}

// Absolute links name paths inside the root, as they would after chroot; the host's files (this test host has
// /usr/lib/os-release and /var/lib/dpkg) must never be read. The in-root targets are missing.
TEST(RootfsScanTest, LinksOutOfTheRootAreNotFollowedToTheHost) {
  std::string root = NewRoot("escape");
  fs::create_directories(root + "/etc");
  fs::create_directories(root + "/var/lib");
  fs::create_symlink("/usr/lib/os-release", root + "/etc/os-release");
  fs::create_symlink("../../../../../../../../usr/lib/os-release", root + "/etc/lsb-release");
  fs::create_symlink("/var/lib/dpkg", root + "/var/lib/dpkg");  // a directory link: never descended
  json report = ScanRootfs(root);
  EXPECT_EQ(report["artifact"]["os"]["family"], "");
  EXPECT_TRUE(report["packages"].empty()) << report["packages"].dump();
}

TEST(RootfsScanTest, LinkLoopIsAnErrorAndTheScanGoesOn) {
  std::string root = NewRoot("loop");
  fs::create_directories(root + "/etc");
  fs::create_directories(root + "/usr/lib");
  fs::create_symlink("../usr/lib/os-release", root + "/etc/os-release");
  fs::create_symlink("../../etc/os-release", root + "/usr/lib/os-release");
  WriteFile(root + "/var/lib/dpkg/status", kOneDpkgPackage);
  json report = ScanRootfs(root);
  EXPECT_TRUE(HasError(report, "etc/os-release", "too many levels of links")) << report["errors"].dump();
  ASSERT_EQ(report["packages"].size(), 1u);
  EXPECT_EQ(report["packages"][0]["name"], "tiny");
}

// FIFOs and oversized files at cataloged paths: never opened (a FIFO would block the scan), never read whole.
TEST(RootfsScanTest, SpecialAndOversizedFilesAreNotRead) {
  std::string root = NewRoot("special");
  fs::create_directories(root + "/etc");
  Shell("mkfifo " + root + "/etc/os-release && truncate -s 65M " + root + "/etc/alpine-release");
  WriteFile(root + "/var/lib/dpkg/status", kOneDpkgPackage);
  json report = ScanRootfs(root);
  EXPECT_TRUE(HasError(report, "etc/alpine-release", "byte limit")) << report["errors"].dump();
  EXPECT_EQ(report["packages"].size(), 1u);
}

// Root reads every file whatever its mode, so as root the scan runs as nobody (setpriv), and the test's temp
// directories are opened up for nobody to enter.
TEST(RootfsScanTest, UnreadableFileIsAnErrorEntryAndTheScanGoesOn) {
  std::string root = NewRoot("unreadable");
  WriteFile(root + "/etc/os-release", "ID=debian\nVERSION_ID=12\n");
  WriteFile(root + "/var/lib/dpkg/status", kOneDpkgPackage);
  fs::create_directories(root + "/secret");
  Shell("chmod a+rx " + TempDirectory() + " && chmod -R a+rX " + root + " && chmod 000 " + root +
        "/var/lib/dpkg/status " + root + "/secret");
  std::string out;
  if (::geteuid() == 0) {
    out = Shell("setpriv --reuid=nobody --regid=nogroup --clear-groups " + std::string(DRYDOCK_BINARY_DIR) +
                "/drydock rootfs " + root + " --skip-db -f json -q");
  } else {
    auto result = RunDrydock("rootfs " + root + " --skip-db -f json -q");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    out = result.out;
  }
  json report = json::parse(out);
  EXPECT_TRUE(HasError(report, "var/lib/dpkg/status", "Permission denied")) << report["errors"].dump();
  EXPECT_TRUE(HasError(report, "secret", "Permission denied")) << report["errors"].dump();
  EXPECT_EQ(report["artifact"]["os"]["family"], "debian");
  EXPECT_TRUE(report["packages"].empty());
}

TEST(RootfsScanTest, MissingDirectoryIsAnError) {
  auto result = RunDrydock("rootfs " + TempDirectory() + "/no-such-root --skip-db");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("no-such-root"), std::string::npos) << result.err;
}

// A Go binary a dpkg package installed is that package (matched against Debian's advisories, which know its
// backports); the same binary copied elsewhere is the application's own and is reported. The binary is
// debian12-app's real /app/bin/lefthook; the .list file is dpkg's own format (one absolute path a line).
TEST(RootfsScanTest, LanguagePackagesTheOsOwnsAreNotReportedTwice) {
  std::string root = NewRoot("owned");
  constexpr const char* kAppLayer = "23ec6f4abe3d13c5a0f3c85391e32023d1bd21fdf7d2b5dfb0421f9cf714ea37.tar";
  Shell("tar -xzOf " + TestData("images/debian12-app.docker.tar.gz") + " " + kAppLayer + " | tar -x -C " + root +
        " app/bin/lefthook");
  fs::create_directories(root + "/usr/bin");
  fs::create_directories(root + "/bin");
  fs::copy_file(root + "/app/bin/lefthook", root + "/usr/bin/lefthook");
  fs::copy_file(root + "/app/bin/lefthook", root + "/usr/bin/lefthook-merged");
  WriteFile(root + "/var/lib/dpkg/status",
            "Package: lefthook\nStatus: install ok installed\nVersion: 1.3.0-1\nArchitecture: amd64\n\n");
  // usr-merge: dpkg may list /bin/x for a file the image holds at usr/bin/x.
  WriteFile(root + "/var/lib/dpkg/info/lefthook.list", "/.\n/usr\n/usr/bin\n/usr/bin/lefthook\n/bin/lefthook-merged\n");
  json report = ScanRootfs(root);
  std::set<std::string> go_paths;
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] == "golang") go_paths.insert(p["path"].get<std::string>());
  }
  EXPECT_EQ(go_paths, std::set<std::string>{"app/bin/lefthook"});
}

// A truncated rpm database of each storage format is reported (stage catalog:rpm, naming the file) and the
// scan goes on: the dpkg packages beside it are still listed, and the exit code is 0.
TEST(RootfsScanTest, TruncatedRpmDbOfEachFormatIsReportedAndTheScanGoesOn) {
  const std::string fixtures = TestData("knqyf263+go-rpmdb/pkg/testdata/");
  for (const auto& [fixture, target] :
       {std::pair<std::string, std::string>{"cbl-mariner-2.0/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"},
        {"sle15-bci/Packages.db", "usr/lib/sysimage/rpm/Packages.db"},
        {"libuuid/Packages", "var/lib/rpm/Packages"}}) {
    std::string root = NewRoot("broken-rpm-" + fs::path(target).filename().string());
    std::ifstream in(fixtures + fixture, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    WriteFile(root + "/" + target, bytes.substr(0, 2000));  // the first pages only
    WriteFile(root + "/var/lib/dpkg/status", kOneDpkgPackage);
    json report = ScanRootfs(root);
    bool rpm_error = false;
    for (const auto& e : report["errors"]) rpm_error = rpm_error || (e["stage"] == "catalog:rpm" && e["path"] == target);
    EXPECT_TRUE(rpm_error) << target << ": " << report["errors"].dump();
    ASSERT_EQ(report["packages"].size(), 1u) << target;
    EXPECT_EQ(report["packages"][0]["name"], "tiny");
  }
}

}  // namespace
}  // namespace drydock::e2e
